#!/usr/bin/python3
"""PyTorch anchor for `./stream predictor bench`: the textbook model (input 1, 2 x 100, head 1, tanh).

Configured at its best on this CPU: OPENBLAS_NUM_THREADS=1 (set by the caller before import), 2 intra-op
threads, inference_mode, and both eager and torch.jit.script; the better of the two is reported per metric.
Prints one JSON object: {"torch": version, "threads": n, "results": {name: {"value": v, "variant": ...}}}.

usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 pytorch_lstm_bench.py [--seconds S] [--threads N]
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "golden"))
from model import LstmForecaster  # noqa: E402

BATCHES = (64, 1024, 16384)


def step_latency(model, seconds):
    h = torch.zeros(2, 1, 100)
    c = torch.zeros(2, 1, 100)
    x = torch.zeros(1, 1, 1)
    samples = []
    with torch.inference_mode():
        for _ in range(200):
            _, (h, c) = model(x, (h, c))
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline or len(samples) < 500:
            x = torch.randn(1, 1, 1)
            start = time.perf_counter_ns()
            _, (h, c) = model(x, (h, c))
            samples.append((time.perf_counter_ns() - start) / 1000.0)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.99 * len(samples)))]


def step_throughput(model, series, seconds):
    h = torch.zeros(2, series, 100)
    c = torch.zeros(2, series, 100)
    x = torch.randn(1, series, 1)
    with torch.inference_mode():
        for _ in range(3):
            _, (h, c) = model(x, (h, c))
        steps, start = 0, time.perf_counter()
        while True:
            _, (h, c) = model(x, (h, c))
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds and steps >= 3:
                return steps * series / elapsed


def train_throughput(model, seconds, batch=100, window=10):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(window, batch, 1)
    target = torch.randn(window, batch, 1) * 0.5
    h = torch.zeros(2, batch, 100)
    c = torch.zeros(2, batch, 100)

    def step(h, c):
        optimizer.zero_grad()
        y, (h, c) = model(x, (h, c))
        loss = ((y - target) ** 2).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return h.detach(), c.detach()

    for _ in range(5):
        h, c = step(h, c)
    steps, start = 0, time.perf_counter()
    while True:
        h, c = step(h, c)
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and steps >= 5:
            return steps * batch / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    variants = {"eager": LstmForecaster(1, 100, 2, 1, "tanh")}
    variants["jit.script"] = torch.jit.script(LstmForecaster(1, 100, 2, 1, "tanh"))

    results = {}

    def keep(name, value, variant, better, **extra):
        current = results.get(name)
        if current is None or better(value, current["value"]):
            results[name] = {"value": value, "variant": variant, **extra}

    for variant, model in variants.items():
        median, p99 = step_latency(model, args.seconds)
        keep("step_1", median, variant, lambda a, b: a < b, p99=p99)
        for series in BATCHES:
            keep(f"step_{series}", step_throughput(model, series, args.seconds), variant, lambda a, b: a > b)
        keep("train", train_throughput(model, 2 * args.seconds), variant, lambda a, b: a > b)

    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


if __name__ == "__main__":
    main()
