"""The exported script's own functions: its command line, its log and its training loop.

core.export copies them, below the settings (`SETTINGS`, `DATA`), core.loop's pieces and the task module's data,
model and evaluate functions, into one standalone file; the names they use come from those parts. They run only
there (tests/test_export.py runs each script and compares its records with core.train's).
"""

import argparse
import json
import math

import torch


def pick_device(name):
    """'auto' picks the accelerator when there is one, as pytorch/examples' mnist/main.py does."""
    if name == "auto":
        return torch.accelerator.current_accelerator() if torch.accelerator.is_available() else torch.device("cpu")
    return torch.device(name)


def log(args, record):
    """One record: JSON with --json, else a line to read."""
    if args.json:
        print(json.dumps(record), flush=True)
    elif record["kind"] == "train":
        print(f"[epoch {record['epoch']}, iteration {record['iteration']}] loss: {record['train/loss']:.6f}")
    elif record["kind"] == "eval":
        scores = ", ".join(f"{key} {value:.4f}" for key, value in record.items()
                           if "/" in key and isinstance(value, float))
        print(f"epoch {record['epoch']} done: {scores}")
    else:
        print(record["message"])


def train(args, cfg):
    """The page's run: the same seed, data, model, batch order and records."""
    torch.manual_seed(cfg.seed)  # one seed for the starting weights (and dropout)
    train_set, test_set = load_datasets(args.data, cfg)
    device = pick_device(args.device)
    model = build_model(cfg, train_set.x_data[0].numel()).to(device)
    loss_fn = criterion(cfg)
    optimizer = make_optimizer(cfg, model.parameters())
    generator = torch.Generator().manual_seed(cfg.seed)  # the batch order, apart from the weights
    batch_size = effective_batch_size(cfg.batch_size, len(train_set))
    iterations = iterations_per_epoch(len(train_set), batch_size, cfg.drop_last)
    stopper = EarlyStopping(cfg.patience) if cfg.patience and test_set is not None else None
    step = 0
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        running = {"loss": 0.0, "correct": 0, "seen": 0}  # the epoch so far, as it trained
        interval_loss, count = 0.0, 0
        for iteration, (inputs, labels) in enumerate(epoch_loader(train_set, batch_size, cfg, generator), 1):
            inputs, labels = inputs.to(device), labels.to(device)
            loss, outputs = train_step(model, loss_fn, optimizer, inputs, labels)
            running["loss"] += loss * len(labels)
            running["correct"] += count_correct(outputs, labels)
            running["seen"] += len(labels)
            step += 1
            if not (math.isfinite(loss) and parameters_finite(model)):
                log(args, {"kind": "end", "epoch": epoch, "step": step, "reason": "diverged",
                           "message": f"Diverged at step {step}: the learning rate {cfg.lr:g} is too large."})
                return
            interval_loss += loss
            count += 1
            if log_due(iteration, iterations, cfg.log_every):
                log(args, {"kind": "train", "epoch": epoch, "step": step, "iteration": iteration,
                           "train/loss": interval_loss / count})
                interval_loss, count = 0.0, 0
            if step == args.steps:
                log(args, {"kind": "end", "epoch": epoch, "step": step, "reason": "steps",
                           "message": f"Stopped after {step} steps (--steps), loss {loss:.6f}."})
                return
        model.eval()
        record, _ = evaluate(model, loss_fn, train_set, test_set, running)
        log(args, {"kind": "eval", "epoch": epoch, "step": step} | record)
        if stopper is not None and stopper.update(epoch, record["test/loss"]):
            log(args, {"kind": "end", "epoch": epoch, "step": step, "reason": "finished", "stopped_early": True,
                       "best_epoch": stopper.best_epoch, "best_test_loss": stopper.best_loss,
                       "patience": stopper.patience, "message": stopper.message(epoch)})
            return
    log(args, {"kind": "end", "epoch": cfg.epochs, "step": step, "reason": "finished",
               "message": finished_message(cfg.epochs, step)})


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DATA, help="the data file (or MNIST raw folder)")
    parser.add_argument("--steps", type=int, default=0, help="stop after this many iterations (0 = all epochs)")
    parser.add_argument("--json", action="store_true", help="print one JSON record per line")
    parser.add_argument("--device", default=SETTINGS.device, help="auto, cpu, cuda or mps")
    parser.add_argument("--threads", type=int, default=1,
                        help="CPU threads; 1 as on the page (more is faster; numbers differ by ~1e-5 after 300 steps)")
    return parser.parse_args()


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)  # the page trains on one thread: the same records, to the last digit
    train(args, SETTINGS)
