#!/usr/bin/python3
"""Golden fixtures for the C# LSTM engine, computed by PyTorch (Debian python3-torch) in float64.

For each case it writes, under tests/Engine.Tests/Fixtures/lstm/:
  CASE.model.safetensors     float32 weights with PyTorch names and head_activation metadata
  CASE.expected.safetensors  inputs (float32) and expected values (float64):
    x (T,B,I), h0, c0 (L,B,H), target (T,B,O), wh, wc (L,B,H)
    y (T,B,O), hT, cT                          forward
    grad.<param>, grad.x, grad.h0, grad.c0     of  loss = mean((y - target)^2) + sum(wh*hT) + sum(wc*cT)
    adam.<param>                               after two stateful Adam steps on mean((y - target)^2), with
                                               clip_grad_norm_; the second step starts from the first's final state
And for `model run` (a predictor verb), under tests/Predictor.Tests/Fixtures/lstm/: run.model.safetensors,
run.input.csv, run.expected.csv (interleaved series).

Run from the repository root:  /usr/bin/python3 tools/golden/generate_lstm_fixtures.py
"""
import csv
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402
from model import LstmForecaster  # noqa: E402

OUT = os.path.join("tests", "Engine.Tests", "Fixtures", "lstm")
RUN_OUT = os.path.join("tests", "Predictor.Tests", "Fixtures", "lstm")

# name, input, hidden, layers, output, activation, batch, steps
CASES = [
    ("textbook", 1, 100, 2, 1, "tanh", 5, 10),
    ("odd3x37", 3, 37, 3, 2, "identity", 4, 7),
    ("tiny", 2, 5, 1, 1, "tanh", 3, 6),
    ("wide", 20, 13, 2, 3, "tanh", 9, 3),
]
LEARNING_RATE = 1e-3  # PyTorch default
CLIP_FRACTION = 0.5  # clip at half of the first step's gradient norm, so clipping really acts


def make_model(seed, i, h, layers, o, activation):
    torch.manual_seed(seed)
    return LstmForecaster(i, h, layers, o, activation)


def case(name, i, h, layers, o, activation, batch, steps, seed):
    model32 = make_model(seed, i, h, layers, o, activation)
    gen = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(steps, batch, i, generator=gen)
    h0 = 0.5 * torch.randn(layers, batch, h, generator=gen)
    c0 = 0.5 * torch.randn(layers, batch, h, generator=gen)
    target = 0.5 * torch.randn(steps, batch, o, generator=gen)
    wh = torch.randn(layers, batch, h, generator=gen)
    wc = torch.randn(layers, batch, h, generator=gen)
    safetensors_io.write(os.path.join(OUT, f"{name}.model.safetensors"), model32.state_dict(), {"head_activation": activation})

    model = make_model(seed, i, h, layers, o, activation).double()
    xd, h0d, c0d = (t.double().requires_grad_() for t in (x, h0, c0))
    y, (hT, cT) = model(xd, (h0d, c0d))
    loss = ((y - target.double()) ** 2).mean() + (wh.double() * hT).sum() + (wc.double() * cT).sum()
    loss.backward()
    out = {"x": x, "h0": h0, "c0": c0, "target": target, "wh": wh, "wc": wc,
           "y": y.detach(), "hT": hT.detach(), "cT": cT.detach(),
           "grad.x": xd.grad, "grad.h0": h0d.grad, "grad.c0": c0d.grad}
    for pname, p in model.named_parameters():
        out[f"grad.{pname}"] = p.grad

    # Two stateful training steps: Adam (PyTorch defaults, lr above) with gradient-norm clipping.
    model = make_model(seed, i, h, layers, o, activation).double()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    state = (h0.double(), c0.double())
    clip = None
    for _ in range(2):
        optimizer.zero_grad()
        y, (hT, cT) = model(x.double(), state)
        loss = ((y - target.double()) ** 2).mean()
        loss.backward()
        norm = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters()))
        clip = clip or float(norm) * CLIP_FRACTION
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        state = (hT.detach(), cT.detach())
    for pname, p in model.named_parameters():
        out[f"adam.{pname}"] = p.detach()
    meta = {"learning_rate": LEARNING_RATE, "clip_norm": repr(clip), "batch": batch, "steps": steps}
    safetensors_io.write(os.path.join(OUT, f"{name}.expected.safetensors"), out, meta)
    print(f"{name}: I={i} H={h} L={layers} O={o} {activation} B={batch} T={steps} clip={clip:.6g}")


def model_run_fixture(seed=77):
    """Three series interleaved irregularly; expected outputs step by step, per series state, float64."""
    i, h, layers, o = 3, 11, 2, 2
    model32 = make_model(seed, i, h, layers, o, "tanh")
    safetensors_io.write(os.path.join(RUN_OUT, "run.model.safetensors"), model32.state_dict(), {"head_activation": "tanh"})
    model = make_model(seed, i, h, layers, o, "tanh").double()
    gen = torch.Generator().manual_seed(seed)
    order = torch.randint(0, 3, (60,), generator=gen).tolist()
    states = {}
    rows_in, rows_out = [], []
    for step, s in enumerate(order):
        series = ["BTC-USD", "EUR/USD", "eth usd"][s]
        x = torch.randn(i, generator=gen).float()
        state = states.get(series, (torch.zeros(layers, 1, h, dtype=torch.float64),) * 2)
        with torch.no_grad():
            y, states[series] = model(x.double().view(1, 1, i), state)
        timestamp = 1497830400 + 60 * step
        rows_in.append([series, timestamp] + [repr(float(v)) for v in x])
        rows_out.append([series, timestamp] + [repr(float(v)) for v in y.view(-1)])
    with open(os.path.join(RUN_OUT, "run.input.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series", "timestamp", "x", "x1", "x2"])
        w.writerows(rows_in)
    with open(os.path.join(RUN_OUT, "run.expected.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series", "timestamp", "y", "y1"])
        w.writerows(rows_out)
    print(f"run: {len(order)} rows, 3 series")


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(RUN_OUT, exist_ok=True)
    torch.set_num_threads(1)
    for index, spec in enumerate(CASES):
        case(*spec, seed=1000 + index)
    model_run_fixture()


if __name__ == "__main__":
    main()
