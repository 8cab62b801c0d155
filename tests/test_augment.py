"""core.augment: batched random distortions of normalised MNIST-like batches."""

import pytest
import torch

from core.augment import augment_batch
from core.data import MNIST_MEAN, MNIST_STD

BACKGROUND = -MNIST_MEAN / MNIST_STD
TOP = (1 - MNIST_MEAN) / MNIST_STD
STILL = dict(rotate=0.0, shift=0.0, scale=(1.0, 1.0), shear=0.0, thickness=(0.0, 0.0), elastic=0.0, p=1.0)


def digits(n: int = 8, seed: int = 0) -> torch.Tensor:
    """Normalised fake digits: random strokes (rings and bars) inside the central 20x20, like MNIST's framing."""
    g = torch.Generator().manual_seed(seed)
    rows, cols = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    centre = 14 + 2 * (torch.rand(n, 2, 1, 1, generator=g) - 0.5)
    radius = 4 + 3 * torch.rand(n, 1, 1, generator=g)
    distance = ((rows - centre[:, 0]) ** 2 + (cols - centre[:, 1]) ** 2).sqrt()
    ring = (1.5 - (distance - radius).abs()).clamp(0, 1)
    bar = ((1.2 - (cols - centre[:, 1] - radius).abs()).clamp(0, 1) * ((rows - 14).abs() < 9))
    ink = torch.maximum(ring, bar).unsqueeze(1)
    return (ink - MNIST_MEAN) / MNIST_STD


def mass(x: torch.Tensor) -> torch.Tensor:
    return (x * MNIST_STD + MNIST_MEAN).clamp(0, 1).sum(dim=(1, 2, 3))


def test_shape_dtype_device_kept_and_input_untouched():
    x = digits()
    before = x.clone()
    out = augment_batch(x, torch.Generator().manual_seed(0), p=1.0)
    assert out.shape == x.shape and out.dtype == x.dtype and out.device == x.device
    assert torch.equal(x, before)
    assert all(not torch.allclose(out[i], x[i]) for i in range(len(x)))  # every sample distorted


def test_same_seed_same_result_other_seed_differs():
    x = digits()
    first = augment_batch(x, torch.Generator().manual_seed(3))
    again = augment_batch(x, torch.Generator().manual_seed(3))
    other = augment_batch(x, torch.Generator().manual_seed(4))
    assert torch.equal(first, again)
    assert not torch.allclose(first, other)


def test_each_sample_gets_its_own_distortion():
    x = digits(1).repeat(6, 1, 1, 1)
    out = augment_batch(x, torch.Generator().manual_seed(0), p=1.0)
    assert all(not torch.allclose(out[0], out[i]) for i in range(1, 6))


def test_share_p_of_samples_is_distorted_the_rest_kept_exactly():
    x = digits(400)
    assert torch.equal(augment_batch(x, torch.Generator().manual_seed(0), p=0.0), x)
    out = augment_batch(x, torch.Generator().manual_seed(0), p=0.5)
    kept = (out == x).flatten(1).all(dim=1).float().mean().item()
    assert 0.4 < kept < 0.6


def test_all_magnitudes_zero_is_identity():
    x = digits()
    out = augment_batch(x, torch.Generator().manual_seed(0), **STILL)
    torch.testing.assert_close(out, x, atol=1e-5, rtol=0)


def test_output_stays_in_normalised_pixel_range():
    x = digits(32)
    out = augment_batch(x, torch.Generator().manual_seed(1), rotate=30.0, shift=4.0, scale=(0.5, 1.5),
                        shear=0.5, thickness=(-1.0, 2.0), elastic=3.0, p=1.0)
    assert out.min() >= BACKGROUND - 1e-5 and out.max() <= TOP + 1e-5
    assert torch.isfinite(out).all()


def test_rotation_and_shift_roughly_preserve_mass():
    x = digits(32)
    out = augment_batch(x, torch.Generator().manual_seed(2), **{**STILL, "rotate": 15.0, "shift": 2.5})
    ratio = mass(out) / mass(x)
    assert ((ratio > 0.93) & (ratio < 1.07)).all(), ratio


def test_default_augmentation_keeps_mass_in_a_plausible_band():
    x = digits(64)
    ratio = mass(augment_batch(x, torch.Generator().manual_seed(5), p=1.0)) / mass(x)
    # Scale 0.8-1.15 changes area by 0.64-1.32x and the pen may thin a little or thicken by up to 1.5 px
    # each side (these test strokes are thin, so that can triple them); nothing vanishes or floods.
    assert ((ratio > 0.35) & (ratio < 4.0)).all(), ratio
    assert 0.8 < ratio.median() < 2.0


def test_thickness_only_thickens_and_thins():
    x = digits(4)
    thick = augment_batch(x, torch.Generator().manual_seed(0), **{**STILL, "thickness": (1.0, 1.0)})
    thin = augment_batch(x, torch.Generator().manual_seed(0), **{**STILL, "thickness": (-1.0, -1.0)})
    assert (mass(thick) > 1.3 * mass(x)).all() and (mass(thin) < 0.8 * mass(x)).all()
    # A 3x3 max pool is a dilation by one pixel: compare with torch's own pooling.
    ink = (x * MNIST_STD + MNIST_MEAN).clamp(0, 1)
    expected = (torch.nn.functional.max_pool2d(ink, 3, 1, 1) - MNIST_MEAN) / MNIST_STD
    torch.testing.assert_close(thick, expected, atol=1e-5, rtol=0)


def test_shift_moves_the_centre_of_mass_by_at_most_the_shift():
    x = digits(32)
    out = augment_batch(x, torch.Generator().manual_seed(6), **{**STILL, "shift": 2.0})
    grid = torch.arange(28.0)

    def centre(batch):
        ink = (batch * MNIST_STD + MNIST_MEAN).clamp(0, 1)[:, 0]
        total = ink.sum(dim=(1, 2))
        return torch.stack([(ink.sum(2) * grid).sum(1) / total, (ink.sum(1) * grid).sum(1) / total], 1)

    moved = (centre(out) - centre(x)).abs()
    assert (moved <= 2.0 + 0.1).all() and moved.max() > 0.5


def test_empty_batch():
    x = digits(0)
    assert augment_batch(x, torch.Generator().manual_seed(0)).shape == (0, 1, 28, 28)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_runs_on_the_batch_device_with_a_cpu_generator():
    x = digits().cuda()
    out = augment_batch(x, torch.Generator().manual_seed(0))
    assert out.device == x.device and out.dtype == x.dtype
    torch.testing.assert_close(out.cpu(), augment_batch(x.cpu(), torch.Generator().manual_seed(0)),
                               atol=1e-4, rtol=0)
