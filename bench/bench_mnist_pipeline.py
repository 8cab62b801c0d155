"""Samples/s of the course's DataLoader+transforms MNIST pipeline vs core's pre-normalised tensors.

Both train the course's MLP (batch 64, SGD lr 0.01 momentum 0.5) for the same number of
batches in one process, so the ratio holds on any machine. Prints one JSON object.
"""

import json
import sys
import time

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from core.config import default_config
from core.data import DATA_DIR, MNIST_MEAN, MNIST_STD
from core.models import MnistMLP
from core.train import Training

BATCHES = int(sys.argv[1]) if len(sys.argv) > 1 else 300


def course_pipeline(batches: int) -> float:
    """The chapter-9 code: ToTensor + Normalize per sample through a shuffling DataLoader."""
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((MNIST_MEAN,), (MNIST_STD,))])
    train_dataset = datasets.MNIST(root=DATA_DIR, train=True, download=False, transform=transform)
    loader = DataLoader(train_dataset, shuffle=True, batch_size=64)
    torch.manual_seed(0)
    model = MnistMLP()
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    started, seen = time.perf_counter(), 0
    for batch_idx, (inputs, target) in enumerate(loader):
        if batch_idx == batches:
            break
        optimizer.zero_grad()
        loss = criterion(model(inputs), target)
        loss.backward()
        optimizer.step()
        seen += len(target)
    return seen / (time.perf_counter() - started)


def core_tensors(batches: int) -> float:
    """core.train.Training: one normalised tensor, index batches; wall clock including its bookkeeping."""
    cfg = default_config("mnist", epochs=1, train_subset=batches * 64, test_subset=64, log_every=10**6,
                         device="cpu")
    training = Training(cfg)
    started = time.perf_counter()
    for record in training:
        if record["kind"] == "eval":
            break
    return batches * 64 / (time.perf_counter() - started)


if __name__ == "__main__":
    core_tensors(20)  # warm-up: data load and first-call overheads stay out of both timings
    course = course_pipeline(BATCHES)
    ours = core_tensors(BATCHES)
    print(json.dumps({"batches": BATCHES, "course_samples_per_s": round(course),
                      "core_samples_per_s": round(ours), "speedup": round(ours / course, 2)}))
