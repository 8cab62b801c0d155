"""Lecture 11's networks: GoogLeNet's Inception module and ResNet's residual block, each in the lecture's MNIST net.

Layers are created in the lecture's order, so the same seed gives the lecture's own Net() weights
(tests/test_advanced_cnn.py builds the lecture's code beside them).
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# The residual block designs a run may pick: the lecture's, and two of "Identity Mappings in Deep Residual
# Networks" (He et al. 2016, figure 4): (c) ReLU before addition, (e) full pre-activation.
BLOCK_KINDS = ("original", "relu-before-addition", "full-preactivation")


class InceptionA(nn.Module):
    """Four branches, concatenated on the channel axis: 16 + 24 + 24 + 24 = 88 channels, same height and width."""

    def __init__(self, in_channels):
        super().__init__()
        self.branch1x1 = nn.Conv2d(in_channels, 16, kernel_size=1)

        self.branch5x5_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_2 = nn.Conv2d(16, 24, kernel_size=5, padding=2)

        self.branch3x3_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch3x3_2 = nn.Conv2d(16, 24, kernel_size=3, padding=1)
        self.branch3x3_3 = nn.Conv2d(24, 24, kernel_size=3, padding=1)

        self.branch_pool = nn.Conv2d(in_channels, 24, kernel_size=1)

    def forward(self, x):
        branch1x1 = self.branch1x1(x)

        branch5x5 = self.branch5x5_1(x)
        branch5x5 = self.branch5x5_2(branch5x5)

        branch3x3 = self.branch3x3_1(x)
        branch3x3 = self.branch3x3_2(branch3x3)
        branch3x3 = self.branch3x3_3(branch3x3)

        branch_pool = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)
        branch_pool = self.branch_pool(branch_pool)

        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]
        return torch.cat(outputs, dim=1)  # (n, 88, h, w)


class CourseInception(nn.Module):
    """Lecture 11's Inception net: conv(1, 10, 5) > pool > relu > Inception > conv(88, 20, 5) > pool > relu >
    Inception > linear(1408, 10); returns logits.

    Shapes: 1x28x28 -> 10x24x24 -> 10x12x12 -> 88x12x12 -> 20x8x8 -> 20x4x4 -> 88x4x4 -> 1408 -> 10.
    """

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(88, 20, kernel_size=5)

        self.incep1 = InceptionA(in_channels=10)
        self.incep2 = InceptionA(in_channels=20)

        self.mp = nn.MaxPool2d(2)
        self.fc = nn.Linear(1408, 10)

    def forward(self, x):
        in_size = x.size(0)
        x = F.relu(self.mp(self.conv1(x)))
        x = self.incep1(x)
        x = F.relu(self.mp(self.conv2(x)))
        x = self.incep2(x)
        x = x.view(in_size, -1)  # (n, 88, 4, 4) -> (n, 1408)
        return self.fc(x)


class ResidualBlock(nn.Module):
    """Two 3x3 convs (padding 1, channels unchanged) with the input added back: the gradient has a path of 1 around.

    kind (BLOCK_KINDS): 'original' is the lecture's y = relu(x + conv2(relu(conv1(x)))); 'relu-before-addition'
    is x + relu(conv2(relu(conv1(x)))); 'full-preactivation' is x + conv2(relu(bn2(conv1(relu(bn1(x)))))).
    """

    def __init__(self, channels, kind="original"):
        super().__init__()
        assert kind in BLOCK_KINDS, f"a residual block is one of {BLOCK_KINDS}, not {kind!r}"
        self.channels = channels
        self.kind = kind
        if kind == "full-preactivation":
            self.bn1 = nn.BatchNorm2d(channels)
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        if kind == "full-preactivation":
            self.bn2 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x):
        if self.kind == "full-preactivation":  # the addition's output is left as it is: a clean identity path
            y = self.conv1(F.relu(self.bn1(x)))
            return x + self.conv2(F.relu(self.bn2(y)))
        y = F.relu(self.conv1(x))
        y = self.conv2(y)
        if self.kind == "relu-before-addition":  # the residual is never negative: it can only add to x
            return x + F.relu(y)
        return F.relu(x + y)


class CourseResNet(nn.Module):
    """Lecture 11's residual net: conv(1, 16, 5) > pool > relu > residual block > conv(16, 32, 5) > pool > relu >
    residual block > linear(512, 10); returns logits. The blocks are the lecture's, or another kind (the exercise).

    Shapes: 1x28x28 -> 16x24x24 -> 16x12x12 -> 16x12x12 -> 32x8x8 -> 32x4x4 -> 32x4x4 -> 512 -> 10.
    """

    def __init__(self, kind="original"):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=5)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=5)
        self.mp = nn.MaxPool2d(2)

        self.rblock1 = ResidualBlock(16, kind)
        self.rblock2 = ResidualBlock(32, kind)

        self.fc = nn.Linear(512, 10)

    def forward(self, x):
        in_size = x.size(0)
        x = F.relu(self.mp(self.conv1(x)))
        x = self.rblock1(x)
        x = F.relu(self.mp(self.conv2(x)))
        x = self.rblock2(x)
        x = x.view(in_size, -1)  # (n, 32, 4, 4) -> (n, 512)
        return self.fc(x)


def block_maps(model: nn.Module, image) -> list[tuple[str, np.ndarray]]:
    """(block name, its output maps (channels, h, w)) for each conv, Inception and residual block the net has
    at its top level, in the order the input meets them, seeing one image (1, 28, 28); a conv's maps are before its
    pooling and ReLU."""
    blocks = [(name, module) for name, module in model.named_children()
              if isinstance(module, (nn.Conv2d, InceptionA, ResidualBlock))]
    found = {}
    hooks = [module.register_forward_hook(lambda m, i, out, name=name: found.__setitem__(name, out[0].detach()))
             for name, module in blocks]
    training = model.training
    try:
        model.eval()  # batch norm reads its running statistics, not this one digit's
        with torch.no_grad():
            model(torch.as_tensor(image, dtype=torch.float32).reshape(1, 1, 28, 28))
    finally:
        model.train(training)
        for hook in hooks:
            hook.remove()
    return [(name, maps.cpu().numpy()) for name, maps in found.items()]  # in the order the forward pass met them
