"""core.finetune: teaching a copy of a model a learner's drawings, checked on drawings it held back."""

import pytest
import torch

from core import data, defaults
from core.checkpoints import load_checkpoint
from core.finetune import TeachConfig, finetune, split_gallery

PER_DIGIT = 6  # 25 % held back: 2 of each digit, 20 check drawings


@pytest.fixture(scope="module")
def mnist():
    return data.load_mnist()


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """The default MLP from the budget recipe: a real MNIST reader, built in seconds."""
    directory = tmp_path_factory.mktemp("models")
    torch.set_num_threads(1)  # the suite shares two cores
    defaults.ensure(directory, budget=True)
    return load_checkpoint(directory / "mnist_mlp.pt")[0]


def turned_gallery(mnist, per_digit=PER_DIGIT):
    """'Handwriting' unlike MNIST's: test digits (never trained on) turned a quarter to the left."""
    drawings, labels = [], []
    for digit in range(10):
        index = (mnist.y_test == digit).nonzero().flatten()[-per_digit:]
        drawings.append(torch.rot90(mnist.x_test[index], 1, (2, 3)))
        labels += [digit] * per_digit
    return torch.cat(drawings), torch.tensor(labels)


def weights(model):
    return {name: value.clone() for name, value in model.state_dict().items()}


def same_weights(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize(("labels", "needs"), [([1, 1, 3], "3"), ([0, 5, 5, 9], "0, 9")])
def test_a_digit_with_a_single_drawing_asks_for_one_more(model, mnist, labels, needs):
    drawings = torch.zeros(len(labels), 1, 28, 28)
    with pytest.raises(ValueError, match=f"at least 2 drawings .* Draw one more of: {needs}\\.$"):
        finetune(model, drawings, labels, mnist, TeachConfig.budget())


def test_an_empty_gallery_or_a_label_that_is_no_digit_is_a_clear_error(model, mnist):
    with pytest.raises(ValueError, match="gallery is empty"):
        finetune(model, torch.zeros(0, 1, 28, 28), [], mnist, TeachConfig.budget())
    with pytest.raises(ValueError, match="digit 0-9"):
        finetune(model, torch.zeros(2, 1, 28, 28), [12, 12], mnist, TeachConfig.budget())


def test_the_check_set_holds_back_some_of_every_digit_and_leaves_some_to_learn():
    labels = torch.tensor([3] * 2 + [5] * 4 + [8] * 9)
    learn, check = split_gallery(labels, 0.25, torch.Generator().manual_seed(0))
    assert sorted(learn + check) == list(range(len(labels)))
    held = {digit: sum(int(labels[i]) == digit for i in check) for digit in (3, 5, 8)}
    assert held == {3: 1, 5: 1, 8: 2}


def test_teaching_turned_digits_reads_more_held_back_ones_right_and_leaves_the_model_as_it_was(model, mnist):
    drawings, labels = turned_gallery(mnist)
    before = weights(model)
    taught = finetune(model, drawings, labels, mnist, TeachConfig(max_seconds=None))
    assert same_weights(weights(model), before)  # the shared model is untouched; the copy learned
    assert not same_weights(weights(taught.model), before)
    assert len(taught.held_back) == 20 and taught.trained_on == 40 and taught.steps == 60
    assert taught.held_acc_before <= 0.3, taught  # a quarter turn defeats an MNIST reader...
    assert taught.held_acc_after >= taught.held_acc_before + 0.3, taught  # ...until it is taught
    # The answers that changed are exactly the check drawings whose before and after differ.
    changed = {(c.index, c.label, c.before, c.after) for c in taught.changed}
    assert changed == {(i, y, b, a) for i, y, b, a in zip(taught.held_back, taught.labels, taught.before,
                                                           taught.after) if b != a}
    assert all(int(labels[i]) == y for i, y in zip(taught.held_back, taught.labels))
    assert taught.mnist_n == 1000 and 0 < taught.mnist_acc_after <= 1


def test_without_the_mnist_mix_the_model_forgets_more_mnist(model, mnist):
    drawings, labels = turned_gallery(mnist)
    mixed = finetune(model, drawings, labels, mnist, TeachConfig(max_seconds=None))
    alone = finetune(model, drawings, labels, mnist, TeachConfig(mnist_share=0.0, max_seconds=None))
    assert mixed.mnist_acc_before == alone.mnist_acc_before
    assert alone.mnist_acc_after < mixed.mnist_acc_after - 0.1, (alone.mnist_acc_after, mixed.mnist_acc_after)


def test_the_same_gallery_and_seed_give_the_same_result_and_another_seed_does_not(model, mnist):
    drawings, labels = turned_gallery(mnist, per_digit=3)
    cfg = TeachConfig.budget(max_seconds=None)
    first, second = (finetune(model, drawings, labels, mnist, cfg) for _ in range(2))
    assert same_weights(weights(first.model), weights(second.model))
    fields = ("held_back", "before", "after", "held_acc_after", "mnist_acc_after", "changed")
    assert [getattr(first, f) for f in fields] == [getattr(second, f) for f in fields]
    other = finetune(model, drawings, labels, mnist, TeachConfig.budget(max_seconds=None, seed=1))
    assert not same_weights(weights(first.model), weights(other.model))


def test_progress_is_reported_in_order_up_to_one(model, mnist):
    drawings, labels = turned_gallery(mnist, per_digit=2)
    reports = []
    cfg = TeachConfig.budget(max_seconds=None)  # bounded in steps only: how many fit in seconds is the machine's
    finetune(model, drawings, labels, mnist, cfg, progress=lambda f, what: reports.append((f, what)))
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert list(dict.fromkeys(what for _, what in reports)) == ["scoring", "teaching", "checking"]
    assert sum(what == "teaching" for _, what in reports) == cfg.steps


def test_the_safety_stop_ends_the_teaching_after_the_step_that_overran_and_says_how_many_were_done(model, mnist):
    drawings, labels = turned_gallery(mnist, per_digit=2)
    reports = []
    taught = finetune(model, drawings, labels, mnist, TeachConfig.budget(max_seconds=0.0),
                      progress=lambda f, what: reports.append((f, what)))
    assert taught.steps == 1 < taught.config.steps  # any step takes longer than no time at all
    assert sum(what == "teaching" for _, what in reports) == 1 and reports[-1] == (1.0, "checking")
    assert taught.after and len(taught.after) == len(taught.held_back)  # the check still ran


def test_the_page_s_teaching_thread_reports_its_result_or_its_error(model, mnist):
    from core.finetune import Teaching

    drawings, labels = turned_gallery(mnist, per_digit=2)
    cfg = TeachConfig.budget(max_seconds=None)
    job = Teaching(model, drawings, labels, cfg, lambda: mnist)
    assert job.wait(300) and job.error is None
    assert job.result.steps == cfg.steps and (job.fraction, job.what) == (1.0, "checking")

    def missing():
        raise ValueError("MNIST is not ready")

    failed = Teaching(model, drawings, labels, TeachConfig.budget(), missing)
    assert failed.wait(300) and failed.result is None and failed.error == "ValueError: MNIST is not ready"


def test_teaching_waits_for_a_pool_slot_while_runs_hold_them(model, mnist):
    from core.finetune import Teaching
    from core.pool import WorkerPool
    from tests.test_runner import LIMIT_S, wait_for

    pool = WorkerPool(1)
    pool.acquire("a run")
    drawings, labels = turned_gallery(mnist, per_digit=2)
    job = Teaching(model, drawings, labels, TeachConfig.budget(max_seconds=None), lambda: mnist, pool=pool)
    wait_for(lambda: pool.waiting == 1, "the teaching to wait in line")
    assert (job.what, job.fraction, job.result, job.running) == ("waiting", 0.0, None, True)
    pool.release("a run")
    assert job.wait(LIMIT_S) and job.error is None and job.result.steps == job.result.config.steps
    assert pool.busy == 0 and pool.waiting == 0
