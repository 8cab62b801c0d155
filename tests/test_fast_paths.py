"""Core's fast paths give the course's results: the same accuracy as its pipeline, the same divergence verdicts."""

import pytest
import torch
from torch.utils.data import Subset

from bench.bench_mnist_pipeline import course, course_datasets
from core.config import default_config
from core.loop import epoch_batches, parameters_finite
from core.train import Training

TRAIN_BUDGET, TEST_BUDGET = 19_200, 2_000  # 300 batches: accuracy is well above chance, yet seconds to run


def test_core_run_and_course_pipeline_reach_the_same_accuracy_after_one_epoch():
    """The chapter-9 script (torchvision dataset, ToTensor/Normalize per image, shuffling DataLoader) vs core's
    pre-normalised tensors, one epoch each on the same seed and budget: within one point of test accuracy."""
    seed = 0
    train, test = course_datasets(TRAIN_BUDGET)
    # The course's DataLoader shuffles from the global RNG; it gets core's order for the epoch instead (the first
    # permutation of core's seeded generator), so the two runs differ only in how the images reach the model.
    order = torch.cat(epoch_batches(TRAIN_BUDGET, 64, shuffle=True, drop_last=False,
                                    generator=torch.Generator().manual_seed(seed))).tolist()
    course_acc = course(train, Subset(test, range(TEST_BUDGET)), seed=seed, order=order)
    cfg = default_config("mnist", epochs=1, seed=seed, train_subset=TRAIN_BUDGET, test_subset=TEST_BUDGET,
                         device="cpu")
    records = list(Training(cfg))
    core_acc = [r for r in records if r["kind"] == "eval"][-1]["test/acc"]
    assert core_acc > 0.3, f"one budget epoch should be well above chance (10%), got {core_acc:.2%}"
    assert abs(core_acc - course_acc) <= 0.01, f"core {core_acc:.2%} vs course pipeline {course_acc:.2%}"


def exact_finite(model) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in model.parameters())


@pytest.mark.parametrize("spoil", ["none", "nan", "inf", "-inf", "huge_but_finite", "inf_and_-inf"])
def test_cheap_weight_check_agrees_with_the_elementwise_check(spoil):
    """Training checks the weights before each record with one sum per tensor; it must say what isfinite says."""
    training = Training(default_config("diabetes", epochs=1, device="cpu"))
    weight = training.model.linears[0].weight
    with torch.no_grad():
        if spoil == "nan":
            weight[0, 0] = float("nan")
        elif spoil == "inf":
            weight[1, 2] = float("inf")
        elif spoil == "-inf":
            weight[1, 2] = -float("inf")
        elif spoil == "huge_but_finite":  # the sum overflows to inf although every weight is finite
            weight.fill_(3e38)
        elif spoil == "inf_and_-inf":  # the sum is NaN
            weight[0, 0], weight[0, 1] = float("inf"), -float("inf")
    assert parameters_finite(training.model) == exact_finite(training.model) == (spoil in ("none", "huge_but_finite"))
