#!/usr/bin/env python3
"""Plots of the advisor's JSON (`sparkify advise --json`, `starshift advise --json`; docs/tuning.md).

    plot_advice.py ADVICE.json OUT_DIR [--prefix advice] [--top 6]

Writes OUT_DIR/PREFIX-slices.png: per table, rows per slice for the best candidate of each distribution (up to --top,
and the seed), one bar group per design; and OUT_DIR/PREFIX-scans.png: per filter of the workload, blocks read versus blocks stored for the seed and
the advised design (a note when the workload has no filter). Needs python3-matplotlib (Debian).
"""
import argparse
import json
import os
import sys


def pick(table, top):
    """The best-ranked candidate of each distribution (sort keys do not move rows between slices), and the seed."""
    chosen, seen = [], set()
    for c in table["candidates"]:
        key = (c["effective"], c["design"]["distkey"] if c["effective"] == "KEY" else None)
        if key in seen:
            continue
        seen.add(key)
        chosen.append(c)
        if len(chosen) >= top:
            break
    seed = [c for c in table["candidates"] if c["seed"]]
    if seed and seed[0] not in chosen:
        chosen.append(seed[0])
    return chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("out_dir")
    ap.add_argument("--prefix", default="advice")
    ap.add_argument("--top", type=int, default=6)
    args = ap.parse_args()
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("plot_advice.py: python3-matplotlib is not installed", file=sys.stderr)
        return 1
    with open(args.json, encoding="utf-8") as f:
        doc = json.load(f)
    os.makedirs(args.out_dir, exist_ok=True)
    tables = doc["tables"]
    slices = doc["cluster"]["slices"]
    title = "%s x %d (%d slices)" % (doc["cluster"]["node_type"], doc["cluster"]["nodes"], slices)

    # Rows per slice, one panel per table.
    fig, axes = plt.subplots(len(tables), 1, figsize=(11, 3.2 * len(tables)), squeeze=False)
    for ax, t in zip(axes[:, 0], tables):
        chosen = pick(t, args.top)
        width = 0.8 / max(1, slices)
        for s in range(slices):
            xs = [i + (s - (slices - 1) / 2) * width for i in range(len(chosen))]
            ys = [c["slice_rows"][s] if s < len(c["slice_rows"]) else 0 for c in chosen]
            ax.bar(xs, ys, width=width, label="slice %d" % s if slices <= 16 else None)
        labels = []
        for c in chosen:
            lab = "#%d %s\nskew %.2f" % (c["rank"], c["design"]["label"].replace(" SORTKEY", "\nSORTKEY").replace(" INTERLEAVED", "\nINTERLEAVED"), c["skew_rows"])
            if c["seed"]:
                lab += " [seed]"
            labels.append(lab)
        ax.set_xticks(range(len(chosen)))
        ax.set_xticklabels(labels, fontsize=6)
        ax.set_ylabel("rows")
        ax.set_title("%s: rows per slice (%s)" % (t["table"], title), fontsize=9)
        if slices <= 16:
            ax.legend(fontsize=6, ncol=min(slices, 8))
    fig.tight_layout()
    out1 = os.path.join(args.out_dir, args.prefix + "-slices.png")
    fig.savefig(out1, dpi=110)
    plt.close(fig)

    # Blocks read per filter: seed versus advised.
    seed_scans = doc["seed"]["scans"]
    adv_scans = doc["advised"]["scans"]
    fig, ax = plt.subplots(figsize=(10, 4))
    if not seed_scans:
        ax.text(0.5, 0.5, "the workload has no filter on a stored column:\nno zone-map pruning to show",
                ha="center", va="center")
        ax.set_axis_off()
    else:
        names = ["%s\n%s.%s" % (s["query"], s["table"], s["column"]) for s in seed_scans]
        xs = list(range(len(names)))
        ax.bar([x - 0.3 for x in xs], [s["blocks_stored"] for s in seed_scans], 0.2, label="blocks stored")
        ax.bar([x - 0.1 for x in xs], [s["blocks_read"] for s in seed_scans], 0.2, label="read, seed")
        adv = {(s["query"], s["table"], s["column"]): s for s in adv_scans}
        ax.bar([x + 0.1 for x in xs],
               [adv.get((s["query"], s["table"], s["column"]), {"blocks_read": 0})["blocks_read"] for s in seed_scans],
               0.2, label="read, advised")
        ax.set_xticks(xs)
        ax.set_xticklabels(names, fontsize=7)
        ax.set_ylabel("1 MB blocks")
        ax.legend(fontsize=7)
    ax.set_title("blocks scanned per query (%s)" % title, fontsize=9)
    fig.tight_layout()
    out2 = os.path.join(args.out_dir, args.prefix + "-scans.png")
    fig.savefig(out2, dpi=110)
    plt.close(fig)
    print(out1)
    print(out2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
