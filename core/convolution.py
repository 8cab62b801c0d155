"""Chapter 10 by hand: what a convolution and a max pooling compute, cell by cell, checked against torch."""

import torch
from torch import nn


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
