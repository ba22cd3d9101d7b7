#!/usr/bin/env python3
"""Writes data/examples/acme-yfinance-1m.csv: a stand-in for a yfinance download (no network here).

The bundled BTC-USD bars of Monday 2017-06-19 to Friday 06-23, New York session hours only (09:30-16:00,
UTC-04:00 in June), prices divided by 20 so they look like a stock's, written as
`yf.download("ACME", interval="1m").to_csv(...)` writes: the three-row header (Price / Ticker / Datetime)
and times with their offset. Deterministic: rerun it and the file is the same.
"""
import csv
import gzip
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NEW_YORK = timezone(timedelta(hours=-4))


def main() -> None:
    rows = []
    with gzip.open(ROOT / "data" / "btcusd-gdax-1m-2017-06-19_25.csv.gz", "rt") as source:
        for row in csv.DictReader(source):
            local = datetime.fromtimestamp(int(row["timestamp"]), NEW_YORK)
            if local.weekday() < 5 and (9, 30) <= (local.hour, local.minute) < (16, 0):
                price = [float(row[k]) / 20 for k in ("close", "high", "low", "open")]
                rows.append([local.strftime("%Y-%m-%d %H:%M:%S%z")[:-2] + ":00"] + [f"{p:.4f}" for p in price] + [row["volume"]])
    out = ROOT / "data" / "examples" / "acme-yfinance-1m.csv"
    with open(out, "w", newline="") as target:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(["Price", "Close", "High", "Low", "Open", "Volume"])
        writer.writerow(["Ticker"] + ["ACME"] * 5)
        writer.writerow(["Datetime", "", "", "", "", ""])
        writer.writerows(rows)
    print(f"{out}: {len(rows)} bars")


if __name__ == "__main__":
    main()
