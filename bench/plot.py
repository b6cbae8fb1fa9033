#!/usr/bin/env python3
"""Plots of sparkify-bench's JSON: throughput and peak RSS against input size, per load path.

    plot.py RESULT.json [MORE.json …] [--out-dir docs/img] [--prefix bench]

Writes OUT/PREFIX-throughput.png (MB/s of the events' JSON against JSON MB, per path) and OUT/PREFIX-rss.png
(the loader's peak RSS against JSON MB), and prints a Markdown table of the linear fit of wall seconds against
JSON MB per path (slope s/MB, intercept s, R^2; R^2 is 1 by construction with two sizes). Several files (e.g. a
separate 1 GB run) are merged by size label, the later file winning. Needs python3-matplotlib.
"""
import argparse
import json
import os
import sys

PATHS = [
    ("binary_copy", "binary COPY (typed rows)"),
    ("csv_copy", "CSV COPY (same rows)"),
    ("text_copy", "text COPY (same rows)"),
    ("starshift_json", "starshift JSON load"),
    ("sql_total", "pure SQL (raw COPY + json_to_record)"),
    ("rowwise_insert", "row-by-row INSERT (psycopg2, extrapolated)"),
]


def series(doc, path, key):
    xs, ys = [], []
    for size in doc["sizes"]:
        for r in size["results"]:
            if r["path"] == path and r["seconds"] > 0:
                xs.append(size["json_bytes"] / 1e6)
                ys.append(r[key])
    return xs, ys


def fit(xs, ys):
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys))
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0
    return slope, intercept, r2


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("result", nargs="+")
    ap.add_argument("--out-dir", default="docs/img")
    ap.add_argument("--prefix", default="bench")
    a = ap.parse_args()
    doc = None
    for path in a.result:
        d = json.load(open(path))
        if doc is None:
            doc = d
            continue
        labels = {s["label"] for s in d["sizes"]}
        doc["sizes"] = [s for s in doc["sizes"] if s["label"] not in labels] + d["sizes"]
    doc["sizes"].sort(key=lambda s: s["json_bytes"])

    names = dict(PATHS)
    names["rowwise_insert"] = "row-by-row INSERT (psycopg2) **extrapolated**"
    names.update({"sql_raw_copy": "  pure SQL phase 1: raw lines COPY", "sql_insert_select": "  pure SQL phase 2: INSERT … SELECT json_to_record"})
    print("| size | path | rows | wall s | MB/s (JSON) | rows/s | × CSV COPY | client CPU s | server CPU s | loader peak RSS MB | check |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size in doc["sizes"]:
        for r in size["results"]:
            if r["group"] not in ("load", "sql") or r["seconds"] <= 0:
                continue
            label = names.get(r["path"], r["path"])
            srv = f"{r['server_cpu_seconds']:.2f}" if r["server_cpu_seconds"] >= 0 else "-"
            print(f"| {size['label']} | {label} | {r['rows']} | {r['seconds']:.3f} | {r['mb_per_s']:.1f} | "
                  f"{r['rows_per_s']:.0f} | {r['ratio_to_csv']:.2f} | {r['client_cpu_seconds']:.2f} | {srv} | "
                  f"{r['peak_rss_mb']:.1f} | {r['check'].split(' (')[0]} |")
    print()
    # transforms and checks: seconds per statement, one column per size
    steps = []
    for size in doc["sizes"]:
        for r in size["results"]:
            if r["group"] in ("transform", "check") and r["path"] not in steps:
                steps.append(r["path"])
    if steps:
        print("| statement | " + " | ".join(f"{s['label']} s (rows)" for s in doc["sizes"]) + " |")
        print("|---|" + "---|" * len(doc["sizes"]))
        for st in steps:
            cells = []
            for size in doc["sizes"]:
                r = next((r for r in size["results"] if r["path"] == st), None)
                cells.append(f"{r['seconds']:.3f} ({r['rows']})" if r else "-")
            print(f"| {st} | " + " | ".join(cells) + " |")
        print()
    # the targets: starshift's speed as a multiple of each other path's (time of the other / starshift's time)
    print("| size | × CSV COPY (≥ 1.0) | × binary COPY (≥ 0.85) | × text COPY | × pure SQL (≥ 3) | × row-by-row (≥ 100) | starshift RSS MB (< 200) |")
    print("|---|---|---|---|---|---|---|")
    for size in doc["sizes"]:
        by = {r["path"]: r for r in size["results"]}
        st = by.get("starshift_json")
        if not st or st["seconds"] <= 0:
            continue
        def ratio(p):
            return f"{by[p]['seconds'] / st['seconds']:.2f}" if p in by and by[p]["seconds"] > 0 else "-"
        print(f"| {size['label']} | {ratio('csv_copy')} | {ratio('binary_copy')} | {ratio('text_copy')} | "
              f"{ratio('sql_total')} | {ratio('rowwise_insert')} | {st['peak_rss_mb']:.1f} |")
    print()
    print("| path | sizes | slope (s per JSON MB) | intercept (s) | R² |")
    print("|---|---|---|---|---|")
    for path, _ in PATHS:
        if path == "rowwise_insert":
            continue  # extrapolated: linear by construction
        xs, ys = series(doc, path, "seconds")
        f = fit(xs, ys)
        if f:
            print(f"| {path} | {len(xs)} | {f[0]:.4f} | {f[1]:.3f} | {f[2]:.4f} |")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("plot.py: matplotlib is not installed (Debian: apt-get install python3-matplotlib)", file=sys.stderr)
        return 3
    os.makedirs(a.out_dir, exist_ok=True)
    for key, ylabel, name, title in [
        ("mb_per_s", "MB/s of JSON logs (same rows)", "throughput", "Staging load throughput (staging_events)"),
        ("peak_rss_mb", "loader peak RSS (MB)", "rss", "Loader peak RSS (client process)"),
    ]:
        fig, ax = plt.subplots(figsize=(7.5, 4.5))
        for path, label in PATHS:
            xs, ys = series(doc, path, key)
            if xs:
                ax.plot(xs, ys, marker="o", label=label, linestyle="--" if path == "rowwise_insert" else "-")
        ax.set_xscale("log")
        if key == "mb_per_s":
            ax.set_yscale("log")
        else:
            ax.axhline(200, color="grey", linestyle=":", label="target: < 200 MB, flat")
            ax.set_ylim(0, 220)
        ax.set_xlabel("input size (MB of JSON logs, log scale)")
        ax.set_ylabel(ylabel)
        ax.set_title(title + f" - {doc.get('nproc', '?')} cores")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        out = os.path.join(a.out_dir, f"{a.prefix}-{name}.png")
        fig.savefig(out, dpi=100)
        plt.close(fig)
        print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
