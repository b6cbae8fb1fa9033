#!/usr/bin/env python3
"""Plot of scripts/bench-s3-objects.sh's results: objects/s and MB/s against requests in flight.

    plot_s3_objects.py RESULTS.txt OUT.png

RESULTS.txt: bench_s3_read's lines ("mode=event-loop in_flight=64 objects=… objects_per_s=… mb_per_s=…"); the
thread-per-object reader is drawn as a dashed line at its speed. Needs python3-matplotlib (Debian).
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    title, loop, old = "", [], None
    with open(sys.argv[1]) as f:
        for line in f:
            if line.startswith("#"):
                title = line[1:].strip()
                continue
            fields = dict(kv.split("=", 1) for kv in line.split())
            row = (int(fields["in_flight"]), float(fields["objects_per_s"]), float(fields["mb_per_s"]))
            if fields["mode"] == "event-loop":
                loop.append(row)
            else:
                old = row
    loop.sort()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, col, label in ((axes[0], 1, "objects/s"), (axes[1], 2, "MB/s")):
        ax.plot([r[0] for r in loop], [r[col] for r in loop], marker="o", label="event loop (libcurl multi)")
        if old is not None:
            ax.axhline(old[col], linestyle="--", color="grey", label="thread per object, 8 ahead (old reader)")
        ax.set_xscale("log", base=2)
        ax.set_xticks([r[0] for r in loop])
        ax.set_xticklabels([str(r[0]) for r in loop])
        ax.set_xlabel("requests in flight")
        ax.set_ylabel(label)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("Small S3 objects through a latency proxy: " + title, fontsize=10)
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)
    print("plot:", sys.argv[2])


main()
