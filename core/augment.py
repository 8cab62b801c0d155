"""Random distortions of MNIST batches so a model also reads digits drawn on the canvas.

Drawn digits differ from MNIST mostly in slant, size, position and pen width; each sample of a batch
gets its own random rotation, shear, scale, shift, stroke thickness and a mild elastic wobble. All of
it is batched tensor maths (affine_grid/grid_sample, max_pool2d), so it runs on the training device.
"""

import math

import torch
import torch.nn.functional as F

from core.data import MNIST_MEAN, MNIST_STD


def augment_batch(
    x: torch.Tensor,
    generator: torch.Generator,
    *,
    rotate: float = 15.0,  # degrees, +-
    shift: float = 2.5,  # px, +- in each direction
    scale: tuple[float, float] = (0.8, 1.15),
    shear: float = 0.2,  # horizontal shear factor, +-
    thickness: tuple[float, float] = (-0.5, 1.5),  # pen change in 3x3 max-pool steps (<0 thins, >0 thickens)
    elastic: float = 1.0,  # px, largest displacement of the smooth random warp
    p: float = 0.5,  # share of samples distorted; the rest stay clean MNIST (scored best on drawn digits)
) -> torch.Tensor:
    """A distorted copy of a normalised (N, 1, 28, 28) MNIST batch: same shape, dtype and device."""
    assert x.ndim == 4 and x.shape[1] == 1, f"expected (N, 1, H, W), got {tuple(x.shape)}"
    n, _, height, width = x.shape
    # Which samples to distort is drawn first; only those are computed, the rest are copied through.
    chosen = torch.rand(n, generator=generator, device=generator.device).to(x.device) < p
    out = x.clone()
    picked = x[chosen]
    if len(picked) == 0:
        return out
    draw = _Draws(generator, len(picked), x.device, x.dtype)
    ink = (picked * MNIST_STD + MNIST_MEAN).clamp(0.0, 1.0)  # back to pixel ink, where 0 is background
    ink = _change_thickness(ink, draw.uniform(*thickness))
    theta = _affine(draw, rotate, shift, scale, shear, height, width, x.dtype)
    grid = F.affine_grid(theta, list(ink.shape), align_corners=False)
    if elastic > 0:
        grid = grid + _warp(draw, elastic, height, width)
    ink = F.grid_sample(ink, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    out[chosen] = (ink.clamp(0.0, 1.0) - MNIST_MEAN) / MNIST_STD
    return out


class _Draws:
    """Random numbers from the caller's generator (on its own device), moved to the batch's device."""

    def __init__(self, generator: torch.Generator, n: int, device: torch.device, dtype: torch.dtype):
        self.generator, self.n, self.device, self.dtype = generator, n, device, dtype

    def uniform(self, low: float, high: float, *shape: int) -> torch.Tensor:
        u = torch.rand((self.n, *shape), generator=self.generator, device=self.generator.device)
        return (low + (high - low) * u).to(self.device, self.dtype)


def _change_thickness(ink: torch.Tensor, level: torch.Tensor) -> torch.Tensor:
    """Per sample, blend between eroded, original and dilated copies: level -1 thins one step, 2 thickens two."""
    thicker = _max3x3(ink)
    steps = (-_max3x3(-ink), ink, thicker, _max3x3(thicker))
    # Linear interpolation between neighbouring steps as a weighted sum (a "hat" weight per step).
    position = (level + 1).clamp(0, len(steps) - 1).view(-1, 1, 1, 1)
    return sum((1 - (position - k).abs()).clamp(min=0) * step for k, step in enumerate(steps))


def _max3x3(x: torch.Tensor) -> torch.Tensor:
    """max_pool2d(x, 3, stride=1, padding=1) as shifted maxima: same result, several times faster on CPU."""
    padded = F.pad(x, (1, 1, 1, 1), value=float("-inf"))
    rows = torch.maximum(torch.maximum(padded[..., :-2, :], padded[..., 1:-1, :]), padded[..., 2:, :])
    return torch.maximum(torch.maximum(rows[..., :-2], rows[..., 1:-1]), rows[..., 2:])


def _affine(draw: _Draws, rotate, shift, scale, shear, height, width, dtype) -> torch.Tensor:
    """(N, 2, 3) thetas for affine_grid: output coordinates -> where to read in the input."""
    angle = draw.uniform(-math.radians(rotate), math.radians(rotate))
    zoom = draw.uniform(*scale)
    slant = draw.uniform(-shear, shear)
    # affine_grid works in [-1, 1] coordinates, so a shift of s px is 2 s / size.
    offset = draw.uniform(-shift, shift, 2) * torch.tensor([2 / width, 2 / height], device=angle.device, dtype=dtype)
    cos, sin = torch.cos(angle), torch.sin(angle)
    zero, one = torch.zeros_like(angle), torch.ones_like(angle)
    rotation = torch.stack([torch.stack([cos, -sin], -1), torch.stack([sin, cos], -1)], -2)
    # The digit moves by zoom * rotation @ shearing; the grid needs the inverse, written out in closed form.
    unshear = torch.stack([torch.stack([one, -slant], -1), torch.stack([zero, one], -1)], -2)
    inverse = unshear @ rotation.transpose(1, 2) / zoom.view(-1, 1, 1)
    return torch.cat([inverse, -(inverse @ offset.unsqueeze(-1))], dim=-1)


def _warp(draw: _Draws, elastic: float, height: int, width: int) -> torch.Tensor:
    """A smooth random displacement (N, H, W, 2) in grid units, at most `elastic` px: coarse noise, upsampled."""
    coarse = draw.uniform(-1.0, 1.0, 2, 4, 4)
    field = F.interpolate(coarse, size=(height, width), mode="bilinear", align_corners=True)
    scale = torch.tensor([2 * elastic / width, 2 * elastic / height], device=field.device, dtype=field.dtype)
    return field.permute(0, 2, 3, 1) * scale
