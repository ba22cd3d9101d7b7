#!/usr/bin/python3
"""Loads a checkpoint into torch.nn.LSTM + nn.Linear with strict load_state_dict and runs it.

usage: torch_run_checkpoint.py MODEL.safetensors STEPS BATCH
Feeds x[t, b, i] = sin(0.7 t + 1.3 b + 0.5 i) from a zero state and prints y (T, B, O), one value per line,
so a test can check that a file the C# engine saved loads in PyTorch with the same names, shapes and outputs.
"""
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402
from model import LstmForecaster  # noqa: E402

tensors, metadata = safetensors_io.read(sys.argv[1])
steps, batch = int(sys.argv[2]), int(sys.argv[3])
model = LstmForecaster.from_checkpoint(tensors, metadata).double()
inputs = model.lstm.input_size
x = torch.tensor([[[math.sin(0.7 * t + 1.3 * b + 0.5 * i) for i in range(inputs)] for b in range(batch)] for t in range(steps)],
                 dtype=torch.float64)
zeros = torch.zeros(model.lstm.num_layers, batch, model.lstm.hidden_size, dtype=torch.float64)
with torch.no_grad():
    y, _ = model(x, (zeros, zeros))
for value in y.reshape(-1).tolist():
    print(repr(value))
