"""Lecture 11's arithmetic: what an Inception module's branches output and cost, and why a 1x1 conv first saves work.

Multiplications count the convolutions' multiply-adds (k * k * H * W * C_in * C_out per conv, as the lecture counts
them); the average pooling's sums are left out. Weights are the kernels' entries; parameters add one bias per
output channel, as nn.Conv2d has.
"""

from dataclasses import dataclass

# The lecture's InceptionA (core.advanced_cnn): each branch's widths, in the order its convs run.
LECTURE_WIDTHS = {"1x1": (16,), "5x5": (16, 24), "3x3": (16, 24, 24), "pool": (24,)}
# Each branch's kernels, matching LECTURE_WIDTHS' entries: a 1x1 reduction first, except in the 1x1 branch itself.
BRANCH_KERNELS = {"1x1": (1,), "5x5": (1, 5), "3x3": (1, 3, 3), "pool": (1,)}
MAX_SIZE, MAX_CHANNELS = 1024, 4096  # far past any network here; keeps a typo from asking for 10^20 multiplications


@dataclass(frozen=True)
class Conv:
    """One k x k convolution with padding that keeps the size x size map."""

    kernel: int
    in_channels: int
    out_channels: int

    @property
    def weights(self) -> int:
        return self.kernel ** 2 * self.in_channels * self.out_channels

    @property
    def parameters(self) -> int:
        return self.weights + self.out_channels

    def multiplications(self, size: int) -> int:
        return self.kernel ** 2 * size ** 2 * self.in_channels * self.out_channels


def checked_count(value, what: str, most: int = MAX_CHANNELS) -> int:
    """A whole number from 1 to `most`; ValueError naming `what` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) and not (isinstance(value, float) and value.is_integer()):
        raise ValueError(f"{what} must be a whole number, got {value!r}")
    if not 1 <= value <= most:
        raise ValueError(f"{what} must be from 1 to {most}, got {value!r}")
    return int(value)


def branch_convs(in_channels: int, widths=None) -> dict[str, list[Conv]]:
    """Each branch's convs in order, for branch widths shaped like LECTURE_WIDTHS (its defaults where left out)."""
    widths = LECTURE_WIDTHS | dict(widths or {})
    unknown = set(widths) - set(LECTURE_WIDTHS)
    if unknown:
        raise ValueError(f"an Inception module has the branches {', '.join(LECTURE_WIDTHS)}; not {sorted(unknown)}")
    branches = {}
    for name, kernels in BRANCH_KERNELS.items():
        outs = tuple(widths[name]) if isinstance(widths[name], (tuple, list)) else (widths[name],)
        if len(outs) != len(kernels):
            raise ValueError(f"the {name} branch has {len(kernels)} convs, so {len(kernels)} widths, not {len(outs)}")
        outs = [checked_count(out, f"the {name} branch's width {i + 1}") for i, out in enumerate(outs)]
        ins = [in_channels, *outs[:-1]]
        branches[name] = [Conv(k, a, b) for k, a, b in zip(kernels, ins, outs)]
    return branches


def inception_cost(size: int = 12, in_channels: int = 10, widths=None) -> dict:
    """Each branch's output channels, weights, parameters and multiplications on a size x size input, and the
    module's totals; the defaults are the lecture's first Inception module (10 channels in, 12 x 12)."""
    size = checked_count(size, "the input's width and height", MAX_SIZE)
    in_channels = checked_count(in_channels, "the input channels")
    branches = []
    for name, convs in branch_convs(in_channels, widths).items():
        branches.append({"branch": name, "out_channels": convs[-1].out_channels,
                         "shapes": [(conv.out_channels, size, size) for conv in convs],
                         "weights": sum(conv.weights for conv in convs),
                         "parameters": sum(conv.parameters for conv in convs),
                         "multiplications": sum(conv.multiplications(size) for conv in convs)})
    totals = {key: sum(branch[key] for branch in branches)
              for key in ("out_channels", "weights", "parameters", "multiplications")}
    return {"size": size, "in_channels": in_channels, "branches": branches, **totals,
            "output_shape": (totals["out_channels"], size, size)}


def bottleneck_cost(size: int = 28, in_channels: int = 192, out_channels: int = 32, kernel: int = 5,
                    reduce_to: int = 16) -> dict:
    """A k x k conv straight from in_channels to out_channels against a 1x1 conv to reduce_to channels first.

    The lecture's defaults give 5^2 * 28^2 * 192 * 32 = 120,422,400 against
    1^2 * 28^2 * 192 * 16 + 5^2 * 28^2 * 16 * 32 = 12,443,648 multiplications.
    """
    size = checked_count(size, "the input's width and height", MAX_SIZE)
    kernel = checked_count(kernel, "the kernel size", 15)
    direct = Conv(kernel, checked_count(in_channels, "the input channels"),
                  checked_count(out_channels, "the output channels"))
    squeeze = Conv(1, direct.in_channels, checked_count(reduce_to, "the 1x1 conv's channels"))
    then = Conv(kernel, squeeze.out_channels, direct.out_channels)
    direct_cost = direct.multiplications(size)
    bottleneck = squeeze.multiplications(size) + then.multiplications(size)
    return {"direct": direct_cost, "bottleneck": bottleneck, "squeeze": squeeze.multiplications(size),
            "then": then.multiplications(size), "ratio": direct_cost / bottleneck,
            "direct_weights": direct.weights, "bottleneck_weights": squeeze.weights + then.weights}
