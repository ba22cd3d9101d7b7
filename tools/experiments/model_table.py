#!/usr/bin/env python3
"""The README's global-against-per-series table.

    python3 tools/experiments/model_table.py "SERIES|MODEL LABEL=REPORT_DIR" [...]

Reads each backtest's report.json and prints one Markdown row per backtest: the LSTM's MASE and Theil U at
h = 1 and h = 10 (below 1 beats naive) and its 95 % interval coverage at h = 1. Standard library only.
"""
import json
import os
import sys


def main():
    print("| series (test window) | model | MASE h1 | Theil U h1 | MASE h10 | Theil U h10 | 95 % coverage h1 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for argument in sys.argv[1:]:
        label, directory = argument.split("=", 1)
        series, model = label.split("|", 1)
        with open(os.path.join(directory, "report.json")) as f:
            report = json.load(f)
        lstm = {h["h"]: h for m in report["models"] if m["name"] == "lstm" for h in m["horizons"]}
        print(f"| {series} | {model} | {lstm[1]['mase']:.4f} | {lstm[1]['theil_u']:.4f} | {lstm[10]['mase']:.4f} | {lstm[10]['theil_u']:.4f} | {100 * lstm[1]['coverage_95']:.1f} % |")


if __name__ == "__main__":
    main()
