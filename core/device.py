"""Resolve the training device once: "auto" picks cuda, then mps, then cpu."""

import os

import torch


def resolve_device(name: str = "auto") -> torch.device:
    """Turn a device name into a torch.device, failing clearly when it is not there."""
    if name == "auto":
        if torch.accelerator.is_available():
            return torch.accelerator.current_accelerator()
        return torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ValueError("device 'cuda' was asked for but no CUDA GPU is visible; use --device auto or cpu")
    if name == "mps" and not torch.backends.mps.is_available():
        raise ValueError("device 'mps' was asked for but Apple's MPS is not available; use --device auto or cpu")
    if name not in ("cpu", "cuda", "mps"):
        raise ValueError(f"unknown device {name!r}; use auto, cpu, cuda or mps")
    return torch.device(name)


def describe_device(device: torch.device) -> str:
    """A short human label, e.g. 'CPU (2 cores)' or 'GPU: NVIDIA H100'."""
    if device.type == "cuda":
        return f"GPU: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "GPU: Apple MPS"
    return f"CPU ({os.cpu_count()} cores)"
