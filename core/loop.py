"""The one training loop (BatchLoop, EpochLoop) and its pieces: core.train runs them for the pages and the CLI,
core.finetune for /draw's teaching, and every exported script carries them as they are.

Only torch and the standard library: core.export copies this module's source into the standalone script,
so what a learner downloads is the code the page trains with.
"""

import math

import torch
from torch.utils.data import DataLoader, Dataset

EVAL_CHUNK = 2000  # samples scored at once: bounded memory, and a stop can land between chunks


class IndexedDataset(Dataset):
    """The chapter-8 Dataset: __getitem__ returns one (x, y) pair, __len__ the sample count."""

    def __init__(self, x, y):
        self.x_data, self.y_data = x, y
        self.len = len(x)

    def __getitem__(self, index):
        return self.x_data[index], self.y_data[index]

    def __len__(self):
        return self.len


def effective_batch_size(batch_size, n):
    """Batch size 0 (or larger than the data) means one full batch."""
    return n if batch_size == 0 else min(batch_size, n)


def iterations_per_epoch(n, batch_size, drop_last):
    """The chapter's Iteration = N / Batch-Size, rounded up unless the last short batch is dropped."""
    return n // batch_size if drop_last else math.ceil(n / batch_size)


def epoch_batches(n, batch_size, shuffle, drop_last, generator):
    """The sample indices of each batch of one epoch, in the order DataLoader(shuffle, drop_last) would draw
    them from `generator`, reshuffled every epoch when shuffle is on."""
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n)
    batches = list(order.split(batch_size))
    if drop_last and len(batches) > 0 and len(batches[-1]) < batch_size:
        batches.pop()
    return batches


def tensor_batches(dataset, batch_size, shuffle, drop_last, generator):
    """One epoch's (inputs, labels) batches sliced from the dataset's tensors in one go: a DataLoader's batches
    without its per-sample calls. Indices move to the data's device once per epoch, not once per batch."""
    batches = epoch_batches(len(dataset), batch_size, shuffle, drop_last, generator)
    device = dataset.x_data.device
    if device.type != "cpu" and batches:
        batches = torch.cat(batches).to(device).split(batch_size)
    for index in batches:
        yield dataset.x_data[index], dataset.y_data[index]


def make_optimizer(cfg, params, capturable=False):
    """torch's SGD or Adam; `capturable` (CUDA graphs only) keeps Adam's step count on the GPU.

    SGD on CPU takes torch's multi-tensor (foreach) path: the same weights to the bit as the default loop, in
    3 calls instead of ~30. Not the fused kernel: it rounds differently and drifts from the default.
    """
    params = list(params)
    if cfg.optimizer == "adam":
        return torch.optim.Adam(params, lr=cfg.lr, capturable=capturable)
    on_cpu = all(p.device.type == "cpu" for p in params)
    return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, foreach=True if on_cpu else None)


def epoch_loader(dataset, batch_size, cfg, generator):
    """One epoch's (inputs, labels) batches: chapter 8's DataLoader, or the same order sliced from the tensors."""
    if cfg.loader == "dataloader":
        return DataLoader(dataset, batch_size=batch_size, shuffle=cfg.shuffle, drop_last=cfg.drop_last,
                          num_workers=cfg.num_workers, generator=generator)
    return tensor_batches(dataset, batch_size, cfg.shuffle, cfg.drop_last, generator)


def train_step(model, criterion, optimizer, inputs, labels):
    """Forward, loss, backward, update; returns the loss as a float and the outputs."""
    outputs = model(inputs)  # forward
    loss = criterion(outputs, labels)
    optimizer.zero_grad()  # backward
    loss.backward()
    optimizer.step()  # update
    return loss.item(), outputs


def parameters_finite(model):
    """Whether every weight is finite; one sum per tensor settles the usual case (inf and NaN propagate),
    only a non-finite total pays for the exact element-wise check."""
    params = [p.detach() for p in model.parameters()]
    if bool(torch.isfinite(torch.stack([p.sum() for p in params]).sum())):
        return True
    return all(bool(torch.isfinite(p).all()) for p in params)


def score_chunks(model, criterion, inputs, labels, chunk=EVAL_CHUNK):
    """(outputs, summed loss) of each chunk of a dataset, EVAL_CHUNK samples at a time on the model's device."""
    device = next(model.parameters()).device
    for start in range(0, len(inputs), chunk):
        part = labels[start:start + chunk].to(device)
        out = model(inputs[start:start + chunk].to(device))
        yield out, float(criterion(out, part)) * len(out)


def score(model, criterion, dataset, count_correct, keep_going=None):
    """Mean loss, accuracy and all outputs over a whole dataset; None when keep_going() says stop between chunks
    (torchplay's Stop button; a script has none)."""
    chunks = []
    for chunk in score_chunks(model, criterion, dataset.x_data, dataset.y_data):
        if keep_going is not None and not keep_going():
            return None
        chunks.append(chunk)
    outputs = torch.cat([out for out, _ in chunks])
    labels = dataset.y_data.to(outputs.device)
    loss = sum(loss_sum for _, loss_sum in chunks) / len(labels)
    return loss, count_correct(outputs, labels) / len(labels), outputs


class BatchLoop:
    """Training steps over batches, each as train_step does it, as flat records: a 'train' record every
    cfg.log_every iterations and after the last batch; an 'end' record when the run ends early.

    `control` (optional) is asked before every step: `control.before_step(loop)` returns False to stop (it may
    block while paused). EpochLoop runs one pass per epoch; torchplay's fine-tuning one pass over batches of its own.
    """

    def __init__(self, cfg, model, loss_fn, optimizer, count_correct, control=None):
        self.cfg, self.model, self.loss_fn, self.optimizer = cfg, model, loss_fn, optimizer
        self.count_correct = count_correct
        self.control = control
        self.device = next(model.parameters()).device
        self.step = 0
        self.epoch = 0
        self.running = {"loss": 0.0, "correct": 0, "seen": 0}  # the pass so far, as it trained
        self.flush_next = False  # set by torchplay's single-step button so the step shows up as a record

    @property
    def lr(self):
        return float(self.optimizer.param_groups[0]["lr"])

    def run_pass(self, batches, iterations):
        """Train on each (inputs, labels) of `batches` (`iterations` of them), yielding records; returns False
        when the run ended early (its last record was the 'end')."""
        self.running = {"loss": 0.0, "correct": 0, "seen": 0}
        interval_loss, interval_count = 0.0, 0
        for iteration, (inputs, labels) in enumerate(batches, start=1):
            if self.control is not None and not self.control.before_step(self):
                yield self.end("stopped", "Stopped by you.")
                return False
            loss, correct, weights_sum_finite = self.train_batch(inputs, labels)
            self.running["loss"] += loss * len(labels)
            self.running["correct"] += correct
            self.running["seen"] += len(labels)
            self.step += 1
            record_due = interval_count + 1 >= self.cfg.log_every or iteration == iterations or self.flush_next
            # The loss is checked every step; the weights (which an activation can hide behind a finite loss)
            # before each record and evaluation, so nothing shown comes from broken weights.
            if not (math.isfinite(loss) and (weights_sum_finite or not record_due or parameters_finite(self.model))):
                yield self.end("diverged", self.divergence_message(loss))
                return False
            interval_loss += loss
            interval_count += 1
            if record_due:
                yield self.train_record(iteration, iterations, interval_loss / interval_count)
                interval_loss, interval_count = 0.0, 0
                self.flush_next = False
        return True

    def train_batch(self, inputs, labels):
        """One step on the model's device: (loss, correct answers, whether the weights are known to be finite)."""
        inputs, labels = inputs.to(self.device, non_blocking=True), labels.to(self.device, non_blocking=True)
        loss, outputs = train_step(self.model, self.loss_fn, self.optimizer, inputs, labels)
        return loss, self.count_correct(outputs, labels), False  # the weights are checked before each record

    def record(self, kind):
        return {"kind": kind, "step": self.step, "epoch": self.epoch}

    def train_record(self, iteration, iterations, mean_loss):
        """The mean loss of the iterations since the last record."""
        return self.record("train") | {"iteration": iteration, "train/loss": mean_loss}

    def end(self, reason, message):
        return self.record("end") | {"reason": reason, "message": message}

    def divergence_message(self, loss):
        what = "the loss" if not math.isfinite(loss) else "the weights"
        return (f"Training diverged: {what} became infinite or NaN at step {self.step} (epoch {self.epoch}). "
                f"The learning rate {self.lr:g} is too large, so each update overshoots and the numbers blow up.")


class EpochLoop(BatchLoop):
    """cfg.epochs passes over a training set in the order DataLoader would draw them, an 'eval' record after each
    and one 'end' record: the run torchplay's pages, its CLI and every exported script train.

    `evaluate` is the task's (model, loss_fn, train_set, test_set, running, keep_going) -> (fields, outputs); during
    an evaluation `control.should_stop()` is polled, so a stop lands within a fraction of a second.
    """

    def __init__(self, cfg, model, loss_fn, optimizer, count_correct, evaluate, train_set, test_set=None,
                 control=None):
        super().__init__(cfg, model, loss_fn, optimizer, count_correct, control)
        self.evaluate_fields = evaluate
        self.train_set, self.test_set = train_set, test_set
        self.generator = torch.Generator().manual_seed(cfg.seed)  # the batch order, apart from the starting weights
        self.batch_size = effective_batch_size(cfg.batch_size, len(train_set))
        self.iterations_per_epoch = iterations_per_epoch(len(train_set), self.batch_size, cfg.drop_last)
        assert self.iterations_per_epoch > 0, "drop_last with a batch larger than the data leaves no batch"

    def __iter__(self):
        return self.records()

    def records(self):
        """Train for cfg.epochs, yielding records; ends with one 'end' record."""
        for epoch in range(1, self.cfg.epochs + 1):
            self.epoch = epoch
            self.model.train()
            if not (yield from self.run_pass(self.batches(), self.iterations_per_epoch)):
                return
            evaluation = self.evaluate()
            if evaluation is None:
                yield self.end("stopped", "Stopped by you.")
                return
            yield evaluation
        yield self.end("finished", f"Finished {self.cfg.epochs} epochs ({self.step} steps).")

    def batches(self):
        return epoch_loader(self.train_set, self.batch_size, self.cfg, self.generator)

    @torch.no_grad()
    def evaluate(self):
        """An 'eval' record for the current weights, or None when a stop arrived meanwhile."""
        was_training = self.model.training
        self.model.eval()
        keep_going = None if self.control is None else lambda: not self.control.should_stop()
        try:
            fields, outputs = self.evaluate_fields(self.model, self.loss_fn, self.train_set, self.test_set,
                                                   self.running, keep_going)
        finally:
            self.model.train(was_training)
        if fields is None:
            return None
        self.keep(outputs)
        return self.record("eval") | fields

    def keep(self, outputs):
        """What to keep of an evaluation's outputs (torchplay keeps MNIST's test predictions); here nothing."""
