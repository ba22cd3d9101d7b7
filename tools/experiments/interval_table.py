#!/usr/bin/env python3
"""The README's interval comparison: quantile tracking (qt, the default) and windowed ACI side by side.

    python3 tools/experiments/interval_table.py LABEL=QT_REPORT_DIR,ACI_REPORT_DIR [...]

Reads each backtest's report.json and prints one Markdown table: per data set, model (lstm, naive) and
h = 1, 5, 10, the coverage, mean width and Winkler score at 80 and 95 % under each method, and which method
is sharper (the lower Winkler at 95 %). Standard library only.
"""
import json
import os
import sys


def horizons(directory):
    with open(os.path.join(directory, "report.json")) as f:
        report = json.load(f)
    return {(m["name"], h["h"]): h for m in report["models"] for h in m["horizons"]}


def cell(row, level):
    return f"{100 * row[f'coverage_{level}']:.1f} % / {row[f'width_{level}']:.6g} / {row[f'winkler_{level}']:.6g}"


def main():
    print("| data | model | h | qt 80: coverage / width / Winkler | aci 80 | qt 95 | aci 95 | sharper (Winkler 95) |")
    print("|---|---|---:|---|---|---|---|---|")
    for argument in sys.argv[1:]:
        label, directories = argument.split("=", 1)
        qt, aci = (horizons(d) for d in directories.split(","))
        for model in ("lstm", "naive"):
            for h in (1, 5, 10):
                a, b = qt[(model, h)], aci[(model, h)]
                better = "qt" if a["winkler_95"] < b["winkler_95"] else "aci"
                print(f"| {label} | {model} | {h} | {cell(a, 80)} | {cell(b, 80)} | {cell(a, 95)} | {cell(b, 95)} | {better} |")


if __name__ == "__main__":
    main()
