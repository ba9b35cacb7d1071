#!/usr/bin/python3
"""PyTorch-for-Python peer of the trainer: the same seed CNN, loss, optimizer, batch size and thread count,
on the same MNIST files, timed per epoch. Run with Debian's python3-torch (/usr/bin/python3).

    /usr/bin/python3 bench/src/main/resources/io/digits/bench/train_peer.py --images 10000 --epochs 2 --batch-size 128 --threads 2

Prints one line per epoch: "peer epoch N: X images in S s = R img/s loss L acc A".
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        if magic == 0x803:
            rows, cols = struct.unpack(">II", f.read(8))
            return np.frombuffer(f.read(), dtype=np.uint8).reshape(count, rows * cols)
        return np.frombuffer(f.read(), dtype=np.uint8)


def seed_cnn():
    """DigitNetwork: Conv 32 5x5 same, Conv 32 5x5 same, MaxPool 2, Dropout .25, Conv 64 3x3 same x2,
    MaxPool 2, Dropout .25, Dense 256, Dropout .5, Dense 10 (logits)."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(),
        nn.Conv2d(32, 32, 5, padding=2), nn.ReLU(),
        nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
        nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(),
        nn.MaxPool2d(2, 2), nn.Dropout(0.25),
        nn.Flatten(),
        nn.Linear(7 * 7 * 64, 256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, 10))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--data", default=os.path.join(os.environ.get("DIGITS_HOME", os.path.expanduser("~/.cache/digits")), "mnist"))
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    images = read_idx(os.path.join(a.data, "train-images-idx3-ubyte"))[: a.images]
    labels = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte"))[: a.images]
    x = torch.from_numpy(images.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = torch.nn.functional.one_hot(torch.from_numpy(labels.astype(np.int64)), 10).float()

    model = seed_cnn()
    # Keras' RMSprop: lr 0.001, rho 0.9, epsilon 1e-7 outside the square root (PyTorch's alpha is rho)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()  # categorical cross-entropy; accepts the one-hot targets
    model.train()
    for epoch in range(1, a.epochs + 1):
        order = torch.randperm(len(x))
        t0 = time.perf_counter()
        seen, correct, loss_sum = 0, 0, 0.0
        for start in range(0, len(x), a.batch_size):
            idx = order[start:start + a.batch_size]
            xb, yb = x[idx], y[idx]
            optimizer.zero_grad(set_to_none=True)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb.argmax(1)).sum().item()
            seen += len(idx)
        s = time.perf_counter() - t0
        print(f"peer epoch {epoch}: {seen} images in {s:.1f} s = {seen / s:.0f} img/s "
              f"loss {loss_sum / seen:.4f} acc {correct / seen:.4f}", flush=True)


if __name__ == "__main__":
    main()
