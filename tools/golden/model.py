"""The reference model: torch.nn.LSTM + nn.Linear head with a named activation, PyTorch's names."""
from typing import Tuple

import torch
from torch import nn


class LstmForecaster(nn.Module):
    def __init__(self, input_size, hidden_size, layers, output_size, activation="tanh"):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, layers)
        self.head = nn.Linear(hidden_size, output_size)
        self.activation = activation

    def forward(self, x: torch.Tensor, state: Tuple[torch.Tensor, torch.Tensor]) -> Tuple[torch.Tensor, Tuple[torch.Tensor, torch.Tensor]]:
        """x: (T, B, I); state: ((L, B, H), (L, B, H)). Returns y (T, B, O) and the final state."""
        hidden, final = self.lstm(x, state)
        y = self.head(hidden)
        return (torch.tanh(y) if self.activation == "tanh" else y), final

    @staticmethod
    def from_checkpoint(tensors, metadata):
        layers = sum(1 for name in tensors if name.startswith("lstm.weight_ih_l"))
        hidden = tensors["lstm.weight_hh_l0"].shape[1]
        model = LstmForecaster(
            tensors["lstm.weight_ih_l0"].shape[1], hidden, layers, tensors["head.weight"].shape[0],
            metadata.get("head_activation", "identity"))
        model.load_state_dict({k: v.float() for k, v in tensors.items()}, strict=True)
        return model
