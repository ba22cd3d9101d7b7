"""What the interval references share: reading a backtest's predictions.csv and a bar file, comparing intervals.

Used by conformal_reference.py (windowed ACI) and quantile_tracking_reference.py (the default method). numpy-free.
"""
import argparse
import csv
import gzip


def arguments(description, extra):
    """The common command line: --predictions, --data, --levels, --min-errors, --models, plus the method's own."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--predictions", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--levels", default="80,95")
    p.add_argument("--min-errors", type=int, default=50)
    p.add_argument("--models", default="lstm,naive")
    for name, kind, default in extra:
        p.add_argument(name, type=kind, default=default)
    return p.parse_args()


def read_closes(path):
    opener = gzip.open if path.endswith(".gz") else open
    closes = {}
    with opener(path, "rt", newline="") as f:
        rows = csv.reader(f)
        header = [h.strip().lower() for h in next(rows)]
        t, c = header.index("timestamp"), header.index("close")
        for row in rows:
            closes[int(float(row[t]))] = float(row[c])
    return closes


def read_forecasts(path, models, names):
    """Per model: asOf -> {h: (yhat, [(lo, hi) or None per level])}, and K."""
    forecasts = {m: {} for m in models}
    horizon = 0
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["model"] not in forecasts:
                continue
            h = int(row["h"])
            horizon = max(horizon, h)
            written = []
            for n in names:
                lo, hi = row[f"lower_{n}"], row[f"upper_{n}"]
                written.append((float(lo), float(hi)) if lo != "" else None)
            forecasts[row["model"]].setdefault(int(row["asOf"]), {})[h] = (float(row["predicted_close"]), written)
    return forecasts, horizon


class Comparison:
    """Intervals this reference issued against those the backtest wrote: how many compared, worst relative gap, presence mismatches."""

    def __init__(self):
        self.compared, self.worst, self.presence = 0, 0.0, 0

    def add(self, mine, theirs):
        if (mine is None) != (theirs is None):
            self.presence += 1
        elif mine is not None:
            self.compared += 1
            for x, y in zip(mine, theirs):
                self.worst = max(self.worst, abs(x - y) / max(abs(x), 1e-300))

    def verdict(self, coverage):
        return {"compared": self.compared, "max_relative_difference": self.worst, "presence_mismatches": self.presence, "coverage": coverage}

    def ok(self):
        return self.compared > 0 and self.worst <= 1e-9 and self.presence == 0
