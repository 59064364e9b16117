#!/usr/bin/env python3
"""Turns a JMH JSON result file (-rf json) into the markdown tables of RESULTS.md.

Usage: benchmarks/jmh-table.py result.json [baseline-method]
One table per benchmark class and parameter set: ns/op (or ms/op), B/op when run with -prof gc, and
the baseline method's time divided by each row's, measured in the same run (default baseline: edgeperf):
the one direction the README and RESULTS.md use, edgeperf's cost over the peer's (below 1: edgeperf is faster).
"""
import json
import sys
from collections import OrderedDict


def num(x):
    """Three significant digits for small numbers, thousands separators for large ones."""
    if x != x:  # NaN: JMH reports no error for a single iteration
        return "—"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def main():
    results = json.load(open(sys.argv[1]))
    baseline = sys.argv[2] if len(sys.argv) > 2 else "edgeperf"
    groups = OrderedDict()
    for r in results:
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        key = (cls, f"{r['threads']} thread(s)", params)
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        groups.setdefault(key, []).append((method, r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"],
                                           r["primaryMetric"]["scoreUnit"], alloc))
    for (cls, threads, params), rows in groups.items():
        base = next((s for m, s, _, _, _ in rows if m.startswith(baseline)), None)
        print(f"\n#### {cls} — {threads}{', ' + params if params else ''}\n")
        print("| method | time | ± | B/op | " + baseline + "'s time ÷ this |")
        print("|---|---:|---:|---:|---:|")
        for method, score, error, unit, alloc in sorted(rows, key=lambda row: row[1]):
            ratio = (f"{base / score:.2f}×" if base / score >= 0.01 else f"{base / score:.2g}×") if base else "—"
            b = "—" if alloc is None else f"{alloc:,.0f}"
            print(f"| {method} | {num(score)} {unit} | {num(error)} | {b} | {ratio} |")


if __name__ == "__main__":
    main()
