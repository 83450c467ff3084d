#!/usr/bin/python3
"""Reference forward pass and gradients of the LSTM autoencoder from PyTorch (Debian's python3-torch).

Builds the same architecture as src/Vigil.Detection/Neural (encoder LSTM(I->H) -> LSTM(H->C), the code is the
last hidden state, the decoder repeats the code over the window into LSTM(C->H) and a linear layer H->I), in
float64 with a fixed seed, at a reduced size, and writes its weights (PyTorch layout), a fixed input window, the
reconstruction, the MSE loss and the loss gradient of every parameter tensor to
tests/Vigil.Detection.Tests/Neural/Fixtures/lstm_autoencoder_torch.json.

Run with the system interpreter: /usr/bin/python3 scripts/lstm_autoencoder_torch.py
"""
import json
import os

import torch

INPUT, HIDDEN, CODE, WINDOW = 8, 6, 4, 10
SEED = 20261122
# The engine's size, for a forward pass only; weights and input rounded to 6 decimals to keep the file small (the
# rounded values are what both sides use, so the outputs still agree to float64 rounding).
FULL_INPUT, FULL_HIDDEN, FULL_CODE, FULL_WINDOW = 72, 64, 32, 60


class Autoencoder(torch.nn.Module):
    def __init__(self, inputs=INPUT, hidden=HIDDEN, code=CODE):
        super().__init__()
        self.enc1 = torch.nn.LSTM(inputs, hidden, batch_first=True)
        self.enc2 = torch.nn.LSTM(hidden, code, batch_first=True)
        self.dec = torch.nn.LSTM(code, hidden, batch_first=True)
        self.out = torch.nn.Linear(hidden, inputs)

    def forward(self, x):
        h1, _ = self.enc1(x)
        _, (code, _) = self.enc2(h1)
        code = code[-1]  # (batch, CODE)
        repeated = code.unsqueeze(1).repeat(1, x.shape[1], 1)
        d, _ = self.dec(repeated)
        return self.out(d)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def flat6(t):
    return [round(float(v), 6) for v in t.detach().reshape(-1).tolist()]


def full_size(directory):
    torch.manual_seed(SEED + 1)
    model = Autoencoder(FULL_INPUT, FULL_HIDDEN, FULL_CODE).double()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.round(p * 1e6) / 1e6)
    x = torch.round(torch.randn(1, FULL_WINDOW, FULL_INPUT, dtype=torch.float64) * 1e6) / 1e6
    with torch.no_grad():
        y = model(x)
    loss = torch.mean((y - x) ** 2)
    layers = {}
    for name, lstm in (("encoder1", model.enc1), ("encoder2", model.enc2), ("decoder", model.dec)):
        layers[name] = {"weight_ih": flat6(lstm.weight_ih_l0), "weight_hh": flat6(lstm.weight_hh_l0),
                        "bias_ih": flat6(lstm.bias_ih_l0), "bias_hh": flat6(lstm.bias_hh_l0)}
    layers["output"] = {"weight": flat6(model.out.weight), "bias": flat6(model.out.bias)}
    fixture = {
        "generator": "scripts/lstm_autoencoder_torch.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "seed": SEED + 1,
        "input_width": FULL_INPUT, "hidden_size": FULL_HIDDEN, "code_size": FULL_CODE, "window_length": FULL_WINDOW,
        "layers": layers,
        "input": flat6(x[0]),
        "output": [round(float(v), 10) for v in y[0].reshape(-1).tolist()],
        "loss": float(loss),
    }
    path = os.path.join(directory, "lstm_autoencoder_torch_full.json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.normpath(path)}: loss {float(loss):.12g}")


def main():
    torch.manual_seed(SEED)
    model = Autoencoder().double()
    # A window with structure (a slow sine per feature plus noise), like a standardised state vector.
    steps = torch.arange(WINDOW, dtype=torch.float64).unsqueeze(1)
    phases = torch.arange(INPUT, dtype=torch.float64).unsqueeze(0)
    x = torch.sin(0.5 * steps + phases) + 0.3 * torch.randn(WINDOW, INPUT, dtype=torch.float64)
    x = x.unsqueeze(0)
    y = model(x)
    loss = torch.mean((y - x) ** 2)
    loss.backward()

    layers = {}
    for name, lstm in (("encoder1", model.enc1), ("encoder2", model.enc2), ("decoder", model.dec)):
        layers[name] = {
            "weight_ih": flat(lstm.weight_ih_l0), "weight_hh": flat(lstm.weight_hh_l0),
            "bias_ih": flat(lstm.bias_ih_l0), "bias_hh": flat(lstm.bias_hh_l0),
            "grad_weight_ih": flat(lstm.weight_ih_l0.grad), "grad_weight_hh": flat(lstm.weight_hh_l0.grad),
            "grad_bias_ih": flat(lstm.bias_ih_l0.grad), "grad_bias_hh": flat(lstm.bias_hh_l0.grad),
        }
    layers["output"] = {
        "weight": flat(model.out.weight), "bias": flat(model.out.bias),
        "grad_weight": flat(model.out.weight.grad), "grad_bias": flat(model.out.bias.grad),
    }
    fixture = {
        "generator": "scripts/lstm_autoencoder_torch.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "seed": SEED,
        "input_width": INPUT, "hidden_size": HIDDEN, "code_size": CODE, "window_length": WINDOW,
        "layers": layers,
        "input": flat(x[0]),
        "output": flat(y[0]),
        "loss": float(loss),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Vigil.Detection.Tests", "Neural",
                        "Fixtures", "lstm_autoencoder_torch.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.normpath(path)}: loss {float(loss):.12g}")
    full_size(os.path.dirname(path))


if __name__ == "__main__":
    main()
