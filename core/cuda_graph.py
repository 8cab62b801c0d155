"""The whole MNIST training step (forward, loss, backward, optimiser) captured once as a CUDA graph and replayed.

On a GPU a small model's step is a few hundred tiny kernels, and launching them from Python costs more than running
them; a captured graph launches them all at once. Rules (see torch.cuda.graphs):
- static shapes: only full batches replay the graph; a short last batch runs the same step eagerly;
- the first WARMUP_STEPS full batches run eagerly on a side stream (they are real steps: cuBLAS and the optimiser
  state initialise there), then the next full batch is captured and replayed;
- settings baked into the graph (learning rate, momentum, ...) are re-captured when the learner changes them;
- anything that fails while capturing falls back to eager steps for the rest of the run, with the reason kept.
Each step syncs once, for its loss, correct count and a cheap weight check, so records and divergence verdicts
are the eager path's.
"""

from typing import Callable

import torch

WARMUP_STEPS = 3


def capture_blocker(capturable: bool, loader: str, augment: bool, device: torch.device) -> str | None:
    """Why a run's steps cannot be captured, or None when they can (CUDA, a capturable task such as MNIST, core's
    tensor batches)."""
    if device.type != "cuda":
        return f"CUDA graphs need a CUDA device, not {device.type}"
    if not capturable:
        return "only MNIST runs are captured (the small tasks gain nothing)"
    if loader != "tensor":
        return "the DataLoader path hands over CPU batches; only core's on-GPU batches are captured"
    if augment:
        return "augmented batches are built outside the step"
    return None


class CudaBackend:
    """Side-stream warm-up and capture on one CUDA device."""

    def __init__(self, device: torch.device):
        self.device = device
        self.side_stream = torch.cuda.Stream(device)

    def warm_up(self, step: Callable[[], torch.Tensor]) -> torch.Tensor:
        current = torch.cuda.current_stream(self.device)
        self.side_stream.wait_stream(current)
        with torch.cuda.stream(self.side_stream):
            stats = step()
        current.wait_stream(self.side_stream)
        return stats

    def capture(self, step: Callable[[], torch.Tensor]) -> Callable[[], torch.Tensor]:
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            stats = step()

        def replay() -> torch.Tensor:
            graph.replay()
            return stats  # the graph rewrites this tensor in place

        return replay


class CapturedStep:
    """Training steps on static input tensors: eager warm-up, then graph replays, eager for short batches."""

    def __init__(self, model: torch.nn.Module, loss_fn, optimizer: torch.optim.Optimizer, batch_size: int,
                 x_example: torch.Tensor, y_example: torch.Tensor, backend: Callable[[torch.device], object] = CudaBackend):
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.batch_size = batch_size
        device = x_example.device
        self.static_x = torch.zeros((batch_size, *x_example.shape[1:]), dtype=x_example.dtype, device=device)
        self.static_y = torch.zeros((batch_size, *y_example.shape[1:]), dtype=y_example.dtype, device=device)
        self.warmup_left = WARMUP_STEPS
        self.replay: Callable[[], torch.Tensor] | None = None
        self.captured_settings = None
        self.captures = 0
        self.fallback_reason: str | None = None
        try:
            self.backend = backend(device)
        except Exception as error:  # no usable CUDA device: every step stays eager
            self.backend = None
            self.fallback_reason = f"{type(error).__name__}: {error}"

    def step(self, x: torch.Tensor, y: torch.Tensor) -> tuple[float, int, bool]:
        """One training step; returns (loss, correct predictions, whether the weights' sum is finite)."""
        if len(x) != self.batch_size or self.backend is None:
            return self._as_values(self._eager(x, y))
        self.static_x.copy_(x)
        self.static_y.copy_(y)
        if self.warmup_left > 0:
            self.warmup_left -= 1
            return self._as_values(self.backend.warm_up(lambda: self._ops(self.static_x, self.static_y)))
        settings = self._settings()
        if self.replay is None or settings != self.captured_settings:
            try:
                self.optimizer.zero_grad()  # the graph's backward allocates its own gradients
                self.replay = self.backend.capture(lambda: self._ops(self.static_x, self.static_y))
                self.captured_settings = settings
                self.captures += 1
            except Exception as error:  # e.g. an op that cannot be captured: eager from here on, reason kept
                self.replay, self.backend = None, None
                self.fallback_reason = f"capture failed, eager steps instead: {type(error).__name__}: {error}"
                self.optimizer.zero_grad()
                return self._as_values(self._eager(x, y))
        return self._as_values(self.replay())  # capturing ran nothing: the replay is this batch's step

    @property
    def captured(self) -> bool:
        return self.replay is not None

    def _eager(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self._ops(x, y)

    def _ops(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """The eager loop's step, in its order, plus the numbers a record needs, in one tensor (one sync)."""
        out = self.model(x)
        loss = self.loss_fn(out, y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        correct = (out.argmax(1) == y).sum()
        weight_sum = torch.stack([p.detach().sum() for p in self.model.parameters()]).sum()
        return torch.stack([loss.detach(), correct.to(loss.dtype), torch.isfinite(weight_sum).to(loss.dtype)])

    def _settings(self) -> tuple:
        """What a graph bakes in as constants: every hyperparameter that is a plain number."""
        return tuple(tuple(sorted((k, v) for k, v in group.items() if isinstance(v, (int, float, bool))))
                     for group in self.optimizer.param_groups)

    @staticmethod
    def _as_values(stats: torch.Tensor) -> tuple[float, int, bool]:
        loss, correct, finite = stats.tolist()
        return loss, int(correct), bool(finite)
