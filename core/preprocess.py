"""A drawn digit (canvas RGBA) -> the normalised 1x28x28 tensor an MNIST model reads, stage by stage.

Follows the procedure used to build MNIST (LeCun et al.): crop the ink, scale the longer side to
20 px keeping the aspect ratio (anti-aliased, which makes the grey levels), then place it in a
28x28 field so that its centre of mass sits at the centre.
"""

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from core.data import MNIST_MEAN, MNIST_STD

FIELD = 28  # MNIST image side
BOX = 20  # the longer side of the digit inside the field
INK_THRESHOLD = 0.2  # ink level (0..1) that counts as drawn; fainter pixels are anti-aliasing fringe
# Share of the digit's longer side that a stroke is made to span when thickness is normalised: ~2.5 px
# of the 20 px box, as MNIST's pen (median 2.56 px by stroke_width); 2.0 and 3.5 scored lower on the drawn tuning set.
STROKE_SHARE = 2.5 / BOX


@dataclass(frozen=True, eq=False)
class Preprocessed:
    """Every stage from canvas to model input; arrays are float32 ink in [0, 1] (1 = ink), read-only."""

    tensor: torch.Tensor | None  # (1, 28, 28) normalised with MNIST mean/std; None when nothing is drawn
    gray: np.ndarray  # (H, W) ink, background removed, black-on-white already inverted
    box: tuple[int, int, int, int] | None  # ink bounding box (top, left, bottom, right), bottom/right exclusive
    cropped: np.ndarray | None  # gray[top:bottom, left:right]
    pen_adjusted: np.ndarray | None  # cropped, strokes thinned/thickened to an MNIST-like share (re-cropped)
    scaled: np.ndarray | None  # pen_adjusted with its longer side at 20 px, aspect kept
    centred: np.ndarray  # (28, 28): scaled pasted with its centre of mass at the field's centre
    is_empty: bool
    stroke_width: float | None = None  # estimated pen width on the canvas in px, before any normalisation


def preprocess(image: np.ndarray, normalise_thickness: bool = True) -> Preprocessed:
    """Canvas image (HxWx4 RGBA, HxWx3 RGB or HxW gray, uint8) -> Preprocessed with every stage."""
    gray = ink_image(image)
    box = ink_box(gray)
    if box is None:
        return Preprocessed(None, _frozen(gray), None, None, None, None,
                            _frozen(np.zeros((FIELD, FIELD), np.float32)), is_empty=True)
    top, left, bottom, right = box
    cropped = gray[top:bottom, left:right]
    width = stroke_width(cropped)
    # A finger or mouse pen is wide for a small digit: measured on the drawn tuning set, making strokes
    # MNIST-like before scaling never hurt and gained ~0.35 points on average (bench/bench_draw.py).
    adjusted = _set_stroke_width(cropped, width, STROKE_SHARE * max(cropped.shape)) if normalise_thickness else cropped
    scaled = scale_to_box(adjusted)
    centred = centre_by_mass(scaled)
    return Preprocessed(
        tensor=normalise(centred),
        gray=_frozen(gray),
        box=box,
        cropped=_frozen(cropped),
        pen_adjusted=_frozen(adjusted),
        scaled=_frozen(scaled),
        centred=_frozen(centred),
        is_empty=False,
        stroke_width=width,
    )


def naive_resize(image: np.ndarray) -> torch.Tensor:
    """The whole canvas shrunk to 28x28, no cropping or centring: what a model sees without preprocessing."""
    gray = ink_image(image)
    small = np.asarray(Image.fromarray(gray).resize((FIELD, FIELD), Image.Resampling.BOX), dtype=np.float32)
    return normalise(np.clip(small, 0.0, 1.0))


def ink_image(image: np.ndarray) -> np.ndarray:
    """Validated canvas -> (H, W) float32 ink in [0, 1]: 1 where the pen was, 0 on the background."""
    _check_image(image)
    pixels = image.astype(np.float32) / 255.0
    if pixels.ndim == 2:
        luminance, alpha = pixels, np.ones_like(pixels)
    else:
        # ITU-R 601 luma, the weights PIL's convert("L") uses.
        luminance = pixels[..., :3] @ np.array([0.299, 0.587, 0.114], np.float32)
        alpha = pixels[..., 3] if pixels.shape[2] == 4 else np.ones_like(luminance)
    border_alpha = np.median(_border(alpha))
    if border_alpha < 0.5:
        # Transparent background (the canvas without background_color): the pen is wherever alpha is.
        # Its colour decides polarity: a light pen counts its luminance, a dark pen the lack of it.
        light_pen = (alpha * luminance).sum() >= 0.5 * alpha.sum()
        return (alpha * (luminance if light_pen else 1.0 - luminance)).astype(np.float32)
    # Opaque: the border tells the background level; ink is the contrast against it, so a black-on-white
    # drawing (or a grey paper) reads the same as the canvas's white-on-black.
    level = alpha * luminance
    background = float(np.median(_border(level)))
    if background > 0.5:
        ink = (background - level) / background
    else:
        ink = (level - background) / max(1.0 - background, 1e-6)
    return np.clip(ink, 0.0, 1.0).astype(np.float32)


def ink_box(gray: np.ndarray, threshold: float = INK_THRESHOLD) -> tuple[int, int, int, int] | None:
    """Bounding box (top, left, bottom, right) of the pixels with ink above threshold; None if there are none."""
    rows = np.flatnonzero((gray > threshold).any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero((gray > threshold).any(axis=0))
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def scale_to_box(cropped: np.ndarray, box: int = BOX) -> np.ndarray:
    """Resize so the longer side is `box` px, keeping the aspect ratio (Lanczos, anti-aliased)."""
    height, width = cropped.shape
    factor = box / max(height, width)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))  # PIL wants (width, height)
    scaled = np.asarray(Image.fromarray(cropped).resize(size, Image.Resampling.LANCZOS), dtype=np.float32)
    return np.clip(scaled, 0.0, 1.0)  # Lanczos rings slightly below 0 and above 1


def centre_by_mass(scaled: np.ndarray, field: int = FIELD) -> np.ndarray:
    """Paste into a field x field image so the centre of mass lands on the centre, keeping the whole digit inside."""
    height, width = scaled.shape
    assert height <= field and width <= field, "scale the digit before centring it"
    cy, cx = centre_of_mass(scaled)
    top = int(np.clip(round(field / 2 - cy), 0, field - height))
    left = int(np.clip(round(field / 2 - cx), 0, field - width))
    centred = np.zeros((field, field), np.float32)
    centred[top:top + height, left:left + width] = scaled
    return centred


def centre_of_mass(gray: np.ndarray) -> tuple[float, float]:
    """(row, col) centre of mass in pixel-centre coordinates: pixel i spans [i, i+1), so a 28 field's centre is 14."""
    total = float(gray.sum())
    if total == 0.0:
        return gray.shape[0] / 2, gray.shape[1] / 2
    rows = np.arange(gray.shape[0]) + 0.5
    cols = np.arange(gray.shape[1]) + 0.5
    return float(gray.sum(axis=1) @ rows) / total, float(gray.sum(axis=0) @ cols) / total


def normalise(centred: np.ndarray) -> torch.Tensor:
    """Ink in [0, 1] -> (1, H, W) tensor standardised like the training data."""
    return ((torch.from_numpy(np.array(centred, np.float32)) - MNIST_MEAN) / MNIST_STD).unsqueeze(0)


def stroke_width(gray: np.ndarray) -> float:
    """Mean pen width in px: a stroke of width w and length L has area w*L and outline ~2L, so w ~ 2*area/outline."""
    # The summed gradient magnitude of an anti-aliased shape measures its outline in any direction.
    padded = np.pad(gray, 1)
    dy, dx = np.gradient(padded)
    outline = float(np.hypot(dy, dx).sum())
    return 2.0 * float(gray.sum()) / outline if outline > 0 else 0.0


def _set_stroke_width(gray: np.ndarray, width: float, target: float) -> np.ndarray:
    """Erode (thick pen) or dilate (thin pen) so strokes come out about `target` px wide, then re-crop."""
    change = round(width - target)
    if abs(change) < 2:
        return gray
    # A (k x k) max filter grows a stroke by k - 1 across, a min filter (max of the negative) shrinks it;
    # padding with background leaves room to grow, and separable pooling keeps it fast.
    size = abs(change) + 1
    sign = 1.0 if change < 0 else -1.0
    x = torch.nn.functional.pad(sign * torch.from_numpy(np.array(gray, np.float32))[None, None], (size,) * 4)
    x = torch.nn.functional.max_pool2d(x, (size, 1), stride=1)
    x = (sign * torch.nn.functional.max_pool2d(x, (1, size), stride=1))[0, 0].numpy()
    box = ink_box(x)
    if box is None:  # eroded away entirely (a tiny dot): keep the original
        return gray
    top, left, bottom, right = box
    return np.ascontiguousarray(x[top:bottom, left:right])


def _border(array: np.ndarray) -> np.ndarray:
    return np.concatenate([array[0], array[-1], array[1:-1, 0], array[1:-1, -1]])


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=np.float32)
    array.setflags(write=False)
    return array


def _check_image(image: np.ndarray) -> None:
    if not isinstance(image, np.ndarray):
        raise ValueError(f"the drawing must be a numpy array, got {type(image).__name__}")
    if image.dtype != np.uint8:
        raise ValueError(f"the drawing must be uint8 pixels (0-255), got dtype {image.dtype}")
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise ValueError(f"the drawing must be HxW (gray), HxWx3 (RGB) or HxWx4 (RGBA), got shape {image.shape}")
    if image.shape[0] < 3 or image.shape[1] < 3:
        raise ValueError(f"the drawing is too small ({image.shape[0]}x{image.shape[1]} px); draw on the canvas")
