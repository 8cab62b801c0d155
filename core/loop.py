"""The pieces of a training loop that core.train runs and every exported script carries as they are.

Only torch and the standard library: core.export copies these functions' source into the standalone script,
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


def log_due(iteration, iterations, log_every):
    """Whether a 'train' record closes at this iteration (counted from 1) of an epoch of `iterations`.

    The epoch is cut into ceil(iterations / log_every) stretches of equal length (give or take one), the last
    ending with the epoch: every point averages about as many iterations, none is a short leftover at an
    epoch's end.
    """
    stretches = math.ceil(iterations / log_every)
    return iteration * stretches // iterations > (iteration - 1) * stretches // iterations


def log_window(iterations, log_every):
    """The most iterations one 'train' record averages under log_due (the others one fewer)."""
    return math.ceil(iterations / math.ceil(iterations / log_every))


def finished_message(epochs, steps):
    """The end record's words for a run that trained all its epochs."""
    return f"Finished {epochs} epoch{'s' * (epochs != 1)} ({steps} step{'s' * (steps != 1)})."


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
