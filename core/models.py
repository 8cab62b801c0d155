"""The course's models (chapters 6-10) and the 'go further' CNN."""

import torch
from torch import nn


ACTIVATION_LAYERS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}


class LogisticRegression(nn.Module):
    """Chapter 6: y_hat = sigmoid(w x + b)."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))


class LinearRegression(nn.Module):
    """Chapter 5's model, the twin chapter 6 compares against: y_hat = w x + b."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


class MLP(nn.Module):
    """Chapters 7-8: Linear layers with an activation between, sigmoid output probability."""

    def __init__(self, in_features: int = 8, hidden: tuple[int, ...] = (6, 4), activation: str = "sigmoid"):
        super().__init__()
        widths = [in_features, *hidden, 1]
        # Layers are created in order so the same seed gives the course's Model() weights.
        self.linears = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.act = ACTIVATION_LAYERS[activation]()

    def forward(self, x):
        for linear in self.linears[:-1]:
            x = self.act(linear(x))
        return torch.sigmoid(self.linears[-1](x))


class MnistMLP(nn.Module):
    """Chapter 9: the course's 784-512-256-128-64-10 network with ReLU; returns logits."""

    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(784, 512)
        self.l2 = nn.Linear(512, 256)
        self.l3 = nn.Linear(256, 128)
        self.l4 = nn.Linear(128, 64)
        self.l5 = nn.Linear(64, 10)

    def forward(self, x):
        x = x.reshape(-1, 784)
        x = torch.relu(self.l1(x))
        x = torch.relu(self.l2(x))
        x = torch.relu(self.l3(x))
        x = torch.relu(self.l4(x))
        return self.l5(x)


class MnistCNN(nn.Module):
    """Going further: two conv layers (with batch norm) then two linear layers; returns logits."""

    def __init__(self, c1: int = 16, c2: int = 32, width: int = 128, dropout: float = 0.25):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c1, 5, padding=2)
        self.bn1 = nn.BatchNorm2d(c1)
        self.conv2 = nn.Conv2d(c1, c2, 5, padding=2)
        self.bn2 = nn.BatchNorm2d(c2)
        self.fc1 = nn.Linear(c2 * 7 * 7, width)
        self.fc2 = nn.Linear(width, 10)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        x = x.reshape(-1, 1, 28, 28)
        x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)  # 28 -> 14
        x = torch.max_pool2d(torch.relu(self.bn2(self.conv2(x))), 2)  # 14 -> 7
        x = self.dropout(torch.relu(self.fc1(x.flatten(1))))
        return self.fc2(x)


class CourseCNN(nn.Module):
    """Chapter 10: the course's CNN, conv(1, 10, 5) > pool > relu > conv(10, 20, 5) > pool > relu > linear(320, 10)."""

    def __init__(self):
        super().__init__()
        # Created in the course's order (conv1, conv2, pooling, fc) so the same seed gives the course's Net() weights.
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.pooling = nn.MaxPool2d(2)
        self.fc = nn.Linear(320, 10)

    def forward(self, x):
        batch_size = x.size(0)
        x = torch.relu(self.pooling(self.conv1(x)))
        x = torch.relu(self.pooling(self.conv2(x)))
        x = x.view(batch_size, -1)  # flatten: (n, 20, 4, 4) -> (n, 320)
        return self.fc(x)


class CourseCNNExercise(nn.Module):
    """Chapter 10's exercise: three conv, three pooling, three linear layers; returns logits.

    The course names the layers but not their sizes; these are torchplay's choice: the course's two conv layers,
    a third 3x3 conv with padding 1 (20 -> 30 channels), and 120 -> 64 -> 32 -> 10 linear layers.
    Shapes: 1x28x28 -> 10x24x24 -> 10x12x12 -> 20x8x8 -> 20x4x4 -> 30x4x4 -> 30x2x2 -> 120 -> 64 -> 32 -> 10.
    """

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv3 = nn.Conv2d(20, 30, kernel_size=3, padding=1)
        self.pooling = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(120, 64)
        self.fc2 = nn.Linear(64, 32)
        self.fc3 = nn.Linear(32, 10)

    def forward(self, x):
        batch_size = x.size(0)
        x = torch.relu(self.pooling(self.conv1(x)))
        x = torch.relu(self.pooling(self.conv2(x)))
        x = torch.relu(self.pooling(self.conv3(x)))
        x = x.view(batch_size, -1)  # (n, 30, 2, 2) -> (n, 120)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
