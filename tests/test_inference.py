"""core.inference.predict: probabilities from eval-mode forward passes, on CPU, the model's mode restored."""

import pytest
import torch
from torch import nn

from core.checkpoints import checkpoint_metrics
from core.inference import predict, read_digit


def dropout_model() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Flatten(), nn.Dropout(0.5), nn.Linear(784, 10))


def test_predict_gives_eval_mode_softmax_probabilities_and_restores_train_mode():
    model, x = dropout_model(), torch.randn(5, 1, 28, 28)
    expected = torch.softmax(model[2](model[0](x)), dim=1)  # dropout is the identity in eval mode
    model.train()
    probs = predict(model, x)
    assert model.training  # as it was
    assert probs.device.type == "cpu" and not probs.requires_grad
    torch.testing.assert_close(probs, expected)
    torch.testing.assert_close(probs.sum(1), torch.ones(5))
    model.eval()
    predict(model, x)
    assert not model.training


def test_predict_without_softmax_returns_the_outputs_as_they_are():
    model = nn.Sequential(nn.Linear(1, 1), nn.Sigmoid())  # the hours -> pass model ends in its own sigmoid
    x = torch.tensor([[0.0], [3.0]])
    torch.testing.assert_close(predict(model, x, softmax=False), model(x).detach())


def test_predict_restores_train_mode_when_the_forward_pass_fails():
    model = dropout_model().train()
    with pytest.raises(RuntimeError):
        predict(model, torch.randn(2, 3))  # wrong shape for the linear layer
    assert model.training


def test_read_digit_gives_each_model_ten_probabilities_for_one_digit():
    models = {"a": dropout_model(), "b": dropout_model()}
    probs = read_digit(models, torch.randn(1, 28, 28))
    assert list(probs) == ["a", "b"]
    for p in probs.values():
        assert p.shape == (10,) and abs(float(p.sum()) - 1) < 1e-5


def test_checkpoint_metrics_keep_the_runs_position_and_its_train_and_test_figures_only():
    record = {"kind": "eval", "step": 938, "epoch": 1, "time": 3.2, "train/loss": 0.3, "train/acc": 0.91,
              "test/loss": 0.25, "test/acc": 0.93, "confusion": [[1]], "per_class_acc": [0.9]}
    assert checkpoint_metrics(record) == {"steps": 938, "epochs": 1, "train/loss": 0.3, "train/acc": 0.91,
                                          "test/loss": 0.25, "test/acc": 0.93}
