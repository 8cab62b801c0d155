"""Chapter 10 by hand: what a convolution and a max pooling compute, cell by cell, checked against torch."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.tasks import build_model


def layer_shapes(model: nn.Module, image_shape=(1, 28, 28)) -> list[tuple[str, tuple[int, ...], int]]:
    """(layer, shape of one sample after it, its parameters) for every layer the forward pass calls, in order.

    Starts with ("input", image_shape, 0); a flattening between layers shows as its own ("flatten", shape, 0) row.
    """
    names = {module: name for name, module in model.named_modules() if name and not list(module.children())}
    rows = [("input", tuple(image_shape), 0)]

    def seen(module, inputs, output):
        shape_in = tuple(inputs[0].shape[1:])
        if shape_in != rows[-1][1]:
            rows.append(("flatten", shape_in, 0))
        rows.append((names[module], tuple(output.shape[1:]), sum(p.numel() for p in module.parameters())))

    hooks = [module.register_forward_hook(seen) for module in names]
    training = model.training
    try:
        model.eval()  # dropout and batch norm must not change with this look
        with torch.no_grad():
            model(torch.zeros(1, *image_shape))
    finally:
        model.train(training)
        for hook in hooks:
            hook.remove()
    return rows


# The lecture's example: a 5x5 input, the kernel 1..9; with padding 1 the output is 5x5, with stride 2 it is 2x2.
COURSE_INPUT = ((3, 4, 6, 5, 7), (2, 4, 6, 8, 2), (1, 6, 7, 8, 4), (9, 7, 4, 6, 2), (3, 7, 5, 4, 1))
COURSE_KERNEL = ((1, 2, 3), (4, 5, 6), (7, 8, 9))
COURSE_POOL_INPUT = ((3, 4, 6, 5), (2, 4, 6, 8), (1, 6, 7, 8), (9, 7, 4, 6))  # max pooling 2x2 -> 4 8 / 9 8
KERNEL_SIZES = (3, 5)
# 3x3 kernels; a 5x5 grid gets them with a border of zeros (the same effect).
KERNEL_PRESETS = {
    "course": COURSE_KERNEL,
    "identity": ((0, 0, 0), (0, 1, 0), (0, 0, 0)),
    "blur": ((1 / 9,) * 3,) * 3,
    "sharpen": ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
    "horizontal_edge": ((-1, -2, -1), (0, 0, 0), (1, 2, 1)),  # Sobel: bright below dark
    "vertical_edge": ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),  # Sobel: bright right of dark
}


def kernel_preset(name: str, size: int = 3) -> np.ndarray:
    """A preset as a size x size float array (3x3 presets centred in a 5x5 grid)."""
    if name not in KERNEL_PRESETS:
        raise ValueError(f"unknown kernel {name!r}; choose one of {', '.join(KERNEL_PRESETS)}")
    if size not in KERNEL_SIZES:
        raise ValueError(f"a kernel is 3x3 or 5x5 here, not {size}x{size}")
    border = (size - 3) // 2
    return np.pad(np.array(KERNEL_PRESETS[name], dtype=np.float64), border)


def checked_kernel(cells) -> np.ndarray:
    """A learner's grid of kernel cells as a float array; ValueError naming the first cell that is not a number."""
    rows = [list(row) for row in cells]
    size = len(rows)
    if size not in KERNEL_SIZES or any(len(row) != size for row in rows):
        raise ValueError(f"the kernel must be a square 3x3 or 5x5 grid, got {size} rows of "
                         f"{sorted({len(row) for row in rows})} cells")
    kernel = np.zeros((size, size))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            kernel[r, c] = _number(cell, f"kernel cell (row {r + 1}, column {c + 1})")
    return kernel


def _number(cell, where: str) -> float:
    if isinstance(cell, bool):
        raise ValueError(f"{where} is not a number: {cell!r}")
    try:
        value = float(cell.strip() if isinstance(cell, str) else cell)
    except (TypeError, ValueError):
        raise ValueError(f"{where} is not a number: {'empty' if cell is None or cell == '' else repr(cell)}") from None
    if not math.isfinite(value):
        raise ValueError(f"{where} is not a finite number: {cell!r}")
    return value


def output_size(width: int, kernel: int, padding: int, stride: int) -> int:
    """(W - K + 2P) / S + 1, rounded down as conv2d does (a stride past the input's end leaves one cell, the first
    window); ValueError for settings that leave no output."""
    if stride < 1 or padding < 0:
        raise ValueError(f"stride must be at least 1 and padding at least 0 (got stride {stride}, padding {padding})")
    padded = width + 2 * padding
    if kernel > padded:
        raise ValueError(f"the {kernel}x{kernel} kernel does not fit in the {width}x{width} input with padding "
                         f"{padding} ({padded}x{padded}): the output would be empty; add padding or use a smaller "
                         "kernel")
    return (width - kernel + 2 * padding) // stride + 1


def convolve(image, kernel, padding: int = 0, stride: int = 1) -> np.ndarray:
    """The output feature map by hand: each cell is the sum of the kernel times the input window under it."""
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    assert image.ndim == 2 and image.shape[0] == image.shape[1], f"a square 2-D input, got {image.shape}"
    k = kernel.shape[0]
    size = output_size(image.shape[0], k, padding, stride)
    padded = np.pad(image, padding)
    out = np.empty((size, size))
    for r in range(size):
        for c in range(size):
            out[r, c] = np.sum(padded[r * stride:r * stride + k, c * stride:c * stride + k] * kernel)
    return out


def torch_conv(image, kernel, padding: int = 0, stride: int = 1) -> np.ndarray:
    """The same map from torch.nn.functional.conv2d, for checking the hand computation."""
    x = torch.as_tensor(np.asarray(image, dtype=np.float64))[None, None]
    w = torch.as_tensor(np.asarray(kernel, dtype=np.float64))[None, None]
    return F.conv2d(x, w, padding=padding, stride=stride)[0, 0].numpy()


def cell_terms(image, kernel, padding: int, stride: int, row: int, col: int) -> list[tuple[int, int, float, float]]:
    """The multiply-and-add of output cell (row, col): (input row, input column, input value, kernel value) each.

    Input coordinates are the unpadded image's, so a padding cell has a row or column outside 0..W-1 and value 0.
    """
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    k = kernel.shape[0]
    size = output_size(image.shape[0], k, padding, stride)
    if not (0 <= row < size and 0 <= col < size):
        raise ValueError(f"output cell ({row}, {col}) is outside the {size}x{size} output")
    padded = np.pad(image, padding)
    return [(row * stride + i - padding, col * stride + j - padding, float(padded[row * stride + i, col * stride + j]),
             float(kernel[i, j])) for i in range(k) for j in range(k)]


def max_pool(fmap, size: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Max pooling size x size (stride = size) by hand: the pooled map and, per cell, the flat index of the winner."""
    fmap = np.asarray(fmap, dtype=np.float64)
    rows, cols = fmap.shape[0] // size, fmap.shape[1] // size
    if rows == 0 or cols == 0:
        raise ValueError(f"a {fmap.shape[0]}x{fmap.shape[1]} map is smaller than the {size}x{size} pooling window")
    pooled, winners = np.empty((rows, cols)), np.empty((rows, cols), dtype=np.int64)
    for r in range(rows):
        for c in range(cols):
            window = fmap[r * size:(r + 1) * size, c * size:(c + 1) * size]
            i, j = np.unravel_index(np.argmax(window), window.shape)  # the first maximum, as torch picks it
            pooled[r, c] = window[i, j]
            winners[r, c] = (r * size + i) * fmap.shape[1] + c * size + j
    return pooled, winners


def channels_example(image, kernel, out_channels: int = 2) -> dict:
    """A 3-channel input (the image, its transpose, its negative) and an (out, in, k, k) weight built from `kernel`.

    Returns the input, the weight, each output channel's per-input-channel maps and their sums by hand, and
    conv2d's output for the check; a conv layer's weight is 4-D because every output channel has one k x k
    kernel per input channel.
    """
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    x = np.stack([image, image.T, -image])
    scales = np.array([[1.0, 0.5, -0.5], [-1.0, 1.0, 0.25], [0.5, -0.25, 1.0]])[:out_channels]
    weight = scales[:, :, None, None] * np.stack([kernel, kernel.T, np.flipud(kernel)])[None]
    parts = np.array([[convolve(x[i], weight[o, i]) for i in range(x.shape[0])] for o in range(out_channels)])
    checked = F.conv2d(torch.as_tensor(x)[None], torch.as_tensor(weight))[0].numpy()
    return {"input": x, "weight": weight, "parts": parts, "output": parts.sum(1), "torch": checked}


def kernel_from_text(text: str) -> np.ndarray:
    """A kernel typed as rows of numbers, one row a line, cells apart by spaces or commas ("1/9" allowed)."""
    rows = [line.replace(",", " ").split() for line in str(text).strip().splitlines() if line.strip()]
    return checked_kernel([[_fraction(cell) for cell in row] for row in rows])


def kernel_text(kernel) -> str:
    """The text kernel_from_text reads back: one row a line, each cell to 4 significant digits."""
    return "\n".join(" ".join(f"{value:.4g}" for value in row) for row in np.asarray(kernel, dtype=np.float64))


def _fraction(cell: str):
    """'1/9' as 1/9; any other cell as it was typed (checked_kernel names what is not a number)."""
    top, slash, bottom = cell.partition("/")
    if not slash:
        return cell
    try:
        return float(top) / float(bottom)
    except (ValueError, ZeroDivisionError):
        return cell


def explore(image, kernel, padding: int, stride: int) -> dict:
    """What the page shows of one convolution: the map by hand and conv2d's, their shapes and largest difference,
    and max pooling 2x2 of the map by hand and max_pool2d's (or why the map is too small to pool)."""
    out = convolve(image, kernel, padding, stride)
    reference = torch_conv(image, kernel, padding, stride)
    found = {"output": out, "size": out.shape[0], "torch_shape": (1, 1, *reference.shape),
             "max_diff": float(np.abs(out - reference).max()), "pooled": None, "winners": None, "pool_error": None}
    try:
        found["pooled"], found["winners"] = max_pool(out)
    except ValueError as error:
        found["pool_error"] = str(error)
        return found
    found["pool_max_diff"] = float(np.abs(found["pooled"] - F.max_pool2d(torch.as_tensor(out)[None, None], 2)[0, 0]
                                          .numpy()).max())
    return found


@torch.no_grad()
def feature_maps(model: nn.Module, image) -> list[tuple[str, np.ndarray]]:
    """(layer name, its output maps (channels, h, w)) for every conv layer of `model`, seeing one image (1, 28, 28)."""
    convs = [(name, module) for name, module in model.named_modules() if isinstance(module, nn.Conv2d)]
    found = {}
    hooks = [module.register_forward_hook(lambda m, i, out, name=name: found.__setitem__(name, out[0].numpy()))
             for name, module in convs]
    training = model.training
    try:
        model.eval()
        model(torch.as_tensor(image, dtype=torch.float32).reshape(1, 1, 28, 28))
    finally:
        model.train(training)
        for hook in hooks:
            hook.remove()
    return [(name, found[name]) for name, _ in convs]


def first_filters(model: nn.Module) -> np.ndarray:
    """The first conv layer's kernels, (out channels, k, k) for a one-channel input."""
    conv = next(module for module in model.modules() if isinstance(module, nn.Conv2d))
    return conv.weight.detach()[:, 0].cpu().numpy()


def starting_model(cfg) -> nn.Module:
    """The weights a run of `cfg` starts from (core.train seeds, then builds), without touching the global RNG."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(cfg.seed)
        return build_model(cfg).eval()
