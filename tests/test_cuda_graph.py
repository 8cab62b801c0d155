"""The CUDA-graph step: no GPU here, so its fallback runs for real and its bookkeeping runs on a stand-in."""

import torch

from core.config import default_config
from core.train import Training


class ReplayByCalling:
    """Stands in for CudaBackend on CPU: capturing runs nothing and keeps the step; a replay runs it again on the
    same static tensors, which is what a CUDA graph's replay computes."""

    def __init__(self, device):
        self.warm_ups, self.captures = 0, 0

    def warm_up(self, step):
        self.warm_ups += 1
        return step()

    def capture(self, step):
        self.captures += 1
        return step


class CaptureFails(ReplayByCalling):
    def capture(self, step):
        raise RuntimeError("operation not permitted when stream is capturing")


def mnist_cfg(**changes):
    return default_config("mnist", epochs=2, train_subset=64 * 7 + 16, test_subset=200, log_every=3, device="cpu",
                          **changes)


def comparable(records):
    return [{k: v for k, v in r.items() if k not in ("time", "samples_per_s")} for r in records]


def test_cpu_runs_are_never_captured_and_the_reasons_are_plain():
    from core.cuda_graph import capture_blocker

    training = Training(mnist_cfg())
    assert training.captured_step is None and "CUDA" in training.graph_note
    cuda = torch.device("cuda")
    assert capture_blocker(True, "tensor", False, cuda) is None
    assert "MNIST" in capture_blocker(False, "tensor", False, cuda)
    assert "DataLoader" in capture_blocker(True, "dataloader", False, cuda)
    assert "augment" in capture_blocker(True, "tensor", True, cuda)


def test_the_switch_turns_capturing_off(monkeypatch):
    from core.train import graph_blocker

    monkeypatch.setenv("TORCHPLAY_CUDA_GRAPH", "0")
    assert "TORCHPLAY_CUDA_GRAPH=0" in graph_blocker(mnist_cfg(), torch.device("cuda"))
    monkeypatch.setenv("TORCHPLAY_CUDA_GRAPH", "1")
    assert graph_blocker(mnist_cfg(), torch.device("cuda")) is None


def iterate(training, lr_change_at: int | None = None) -> list[dict]:
    """All records; the learning rate goes to 0.05 after the first train record at or past step `lr_change_at`."""
    records = []
    for record in training:
        records.append(record)
        if lr_change_at is not None and record["kind"] == "train" and record["step"] >= lr_change_at:
            training.set_lr(0.05)
            lr_change_at = None
    return records


def run_with_step(backend, lr_change_at: int | None = None):
    """A CPU Training whose steps go through a CapturedStep on `backend`; returns (records, captured step)."""
    from core.cuda_graph import CapturedStep

    training = Training(mnist_cfg())
    training.captured_step = CapturedStep(training.model, training.loss_fn, training.optimizer, training.batch_size,
                                          training.data.x_train[:1], training.data.y_train[:1], backend=backend)
    return iterate(training, lr_change_at), training.captured_step


def eager_records(lr_change_at: int | None = None):
    return iterate(Training(mnist_cfg()), lr_change_at)


def test_without_cuda_the_captured_step_falls_back_to_eager_with_identical_records():
    from core.cuda_graph import CudaBackend

    records, step = run_with_step(CudaBackend)
    assert step.fallback_reason and not step.captured
    assert comparable(records) == comparable(eager_records())


def test_graph_bookkeeping_warms_up_captures_recaptures_on_a_new_rate_and_runs_short_batches_eagerly():
    """7 full batches and one of 16 per epoch: 3 eager warm-ups, one capture, a re-capture after the learning rate
    changes, the short batches eager; every record equals the eager loop's."""
    backends = []

    def backend(device):
        backends.append(ReplayByCalling(device))
        return backends[-1]

    records, step = run_with_step(backend, lr_change_at=6)
    assert backends[0].warm_ups == 3 and backends[0].captures == 2 and step.captured
    assert comparable(records) == comparable(eager_records(lr_change_at=6))
    assert records[-1]["reason"] == "finished"


def test_a_capture_that_fails_falls_back_to_eager_steps_and_keeps_the_reason():
    records, step = run_with_step(CaptureFails)
    assert "capture failed" in step.fallback_reason and not step.captured
    assert comparable(records) == comparable(eager_records())
