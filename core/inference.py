"""Reading inputs with a trained model: probabilities on CPU, whatever mode or device the model was in."""

import numpy as np
import torch
from torch import nn


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor, softmax: bool = True) -> torch.Tensor:
    """Probabilities for a batch `x`, on CPU, computed in eval mode; the model's train/eval mode is restored.

    softmax=True turns logits (N, classes) into probabilities; False returns the outputs as they are, for models
    that end in their own sigmoid (or regress a number).
    """
    was_training = model.training
    model.eval()
    try:
        device = next(model.parameters()).device
        out = model(x.to(device))
    finally:
        model.train(was_training)
    return (out.softmax(dim=1) if softmax else out).cpu()


def read_digit(models: dict[str, nn.Module], x: torch.Tensor) -> dict[str, np.ndarray]:
    """Name -> softmax probabilities (10,) of each model for one normalised (1, 28, 28) digit."""
    return {name: predict(model, x.unsqueeze(0))[0].numpy() for name, model in models.items()}
