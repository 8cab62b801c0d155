"""Lecture 11's "why a shortcut": a deep plain CNN and the same depth with residual blocks, trained side by side on
the same batches, with every weight layer's gradient norm recorded at every step.

Depth counts weight layers as He et al. do (plain-20, plain-56): a 3x3 conv stem, depth - 2 body convs (in the
residual net, (depth - 2) / 2 blocks of two), and the linear classifier. Both nets start from the same seed, so
their stem and classifier start with the same weights; only the body differs.
"""

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from core.advanced_cnn import BLOCK_KINDS, ResidualBlock

MIN_DEPTH, MAX_DEPTH = 4, 56  # plain-56 is the deepest net of the lecture's He et al. curves


@dataclass(frozen=True)
class ShortcutConfig:
    """One side-by-side run: both nets' depth and width, the block kind, and the course's training settings."""

    depth: int = 20
    width: int = 8  # channels of every conv after the stem
    kind: str = "original"  # the residual net's block (core.advanced_cnn.BLOCK_KINDS)
    steps: int = 30
    batch_size: int = 64
    lr: float = 0.01
    momentum: float = 0.5
    seed: int = 0

    def __post_init__(self):
        def whole(value, low, high, what):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"{what} must be a whole number from {low} to {high}, got {value!r}")

        whole(self.depth, MIN_DEPTH, MAX_DEPTH, "depth")
        if self.depth % 2:
            raise ValueError(f"depth must be even (a stem, blocks of two convs, a classifier), got {self.depth}")
        whole(self.width, 1, 64, "width")
        whole(self.steps, 1, 10_000, "steps")
        whole(self.batch_size, 1, 1024, "batch size")
        whole(self.seed, 0, 2 ** 31 - 1, "seed")
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"block kind must be one of {', '.join(BLOCK_KINDS)}, got {self.kind!r}")
        for value, what in ((self.lr, "learning rate"), (self.momentum, "momentum")):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{what} must be a number, got {value!r}")
        if not 0 < self.lr <= 10 or not 0 <= self.momentum < 1:
            raise ValueError(f"learning rate must be in (0, 10] and momentum in [0, 1), got {self.lr}, {self.momentum}")


class DeepNet(nn.Module):
    """stem conv > relu > pool (28 -> 14) > body > pool (14 -> 7) > linear; the body is plain or residual."""

    def __init__(self, depth: int, width: int = 8, kind: str | None = None):
        super().__init__()
        self.stem = nn.Conv2d(1, width, kernel_size=3, padding=1)
        body = depth - 2
        if kind is None:  # plain: conv > relu, body times
            self.body = nn.Sequential(*(layer for _ in range(body)
                                        for layer in (nn.Conv2d(width, width, kernel_size=3, padding=1), nn.ReLU())))
        else:
            self.body = nn.Sequential(*(ResidualBlock(width, kind) for _ in range(body // 2)))
        self.fc = nn.Linear(width * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.stem(x)), 2)
        x = F.max_pool2d(self.body(x), 2)
        return self.fc(x.flatten(1))


def weight_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """The net's conv and linear layers in the order the input meets them (stem first, classifier last)."""
    return [(name, module) for name, module in model.named_modules() if isinstance(module, (nn.Conv2d, nn.Linear))]


def layer_names(depth: int) -> list[str]:
    """The weight layers by position: 'stem', 'conv 1'..'conv depth-2', 'fc'; the same list for both nets."""
    return ["stem", *(f"conv {i}" for i in range(1, depth - 1)), "fc"]


def build_pair(cfg: ShortcutConfig) -> dict[str, DeepNet]:
    """The plain and the residual net, each built right after torch.manual_seed(cfg.seed)."""
    nets = {}
    for name, kind in (("plain", None), ("residual", cfg.kind)):
        torch.manual_seed(cfg.seed)
        nets[name] = DeepNet(cfg.depth, cfg.width, kind)
    return nets


def gradient_norms(model: nn.Module) -> list[float]:
    """Each weight layer's gradient norm (its weight and bias together), stem first."""
    return [float(torch.sqrt(sum(p.grad.pow(2).sum() for p in module.parameters() if p.grad is not None)))
            for _, module in weight_layers(model)]


def shortcut_race(cfg: ShortcutConfig, images: torch.Tensor, labels: torch.Tensor):
    """Train both nets on the same batches (a seeded shuffle of images (n, 1, 28, 28)); one record per step:
    {"step", "plain/loss", "residual/loss", "plain/grad", "residual/grad"} with a gradient norm per layer."""
    if images.ndim != 4 or tuple(images.shape[1:]) != (1, 28, 28) or len(images) != len(labels) or not len(images):
        raise ValueError(f"the race needs images shaped (n, 1, 28, 28) with one label each, got {tuple(images.shape)}"
                         f" and {len(labels)} labels")
    with torch.random.fork_rng(devices=[]):  # the caller's random state is left as it was
        nets = build_pair(cfg)
        optimizers = {name: torch.optim.SGD(net.parameters(), lr=cfg.lr, momentum=cfg.momentum)
                      for name, net in nets.items()}
        order = torch.Generator().manual_seed(cfg.seed)
        batches = _batches(len(images), cfg.batch_size, order)
        for step in range(1, cfg.steps + 1):
            index = next(batches)
            x, y = images[index], labels[index]
            record = {"step": step}
            for name, net in nets.items():
                optimizers[name].zero_grad()
                loss = F.cross_entropy(net(x), y)
                loss.backward()
                record[f"{name}/grad"] = gradient_norms(net)
                optimizers[name].step()
                record[f"{name}/loss"] = loss.item()
            yield record


def _batches(n: int, batch_size: int, generator: torch.Generator):
    """Index batches of a fresh shuffle each pass, for as long as asked."""
    while True:
        order = torch.randperm(n, generator=generator)
        yield from (order[i:i + batch_size] for i in range(0, n, batch_size))


def summary(cfg: ShortcutConfig, records: list[dict]) -> dict:
    """The config, the layer names, and each net's mean gradient norm per layer and last loss over the records."""
    found = {"config": asdict(cfg), "layers": layer_names(cfg.depth)}
    for name in ("plain", "residual"):
        norms = torch.tensor([record[f"{name}/grad"] for record in records])
        found[f"{name}/mean_grad"] = norms.mean(0).tolist()
        found[f"{name}/last_loss"] = records[-1][f"{name}/loss"]
    return found
