"""The exported script's own functions: its command line, its log, its step limit and how it runs the loop.

core.export copies them, below the settings (`SETTINGS`, `DATA`), core.loop's loop and pieces, core.stop_rules and
the task module's data, model and evaluate functions, into one standalone file; the names they use come from those
parts. They run only there (tests/test_export.py runs each script and compares its records with core.train's).
"""

import argparse
import json

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


class StepLimit:
    """--steps N as the loop's control: the run stops before its iteration N + 1 (0: no limit)."""

    def __init__(self, steps):
        self.steps = steps

    def before_step(self, loop):
        return not self.steps or loop.step < self.steps

    def should_stop(self):
        return False  # an evaluation always runs to its end


def train(args, cfg):
    """The page's run: the same seed, data, model, batch order, loop and records."""
    torch.manual_seed(cfg.seed)  # one seed for the starting weights (and dropout)
    train_set, test_set = load_datasets(args.data, cfg)
    model = build_model(cfg, train_set.x_data[0].numel()).to(pick_device(args.device))
    run = EpochLoop(cfg, model, criterion(cfg), make_optimizer(cfg, model.parameters()), count_correct, evaluate,
                    train_set, test_set, control=StepLimit(args.steps))
    for record in with_stop_rules(run):  # early stopping, when cfg.patience asks for it
        if record["kind"] == "end" and record["reason"] == "stopped":  # only --steps stops a script's run
            record |= {"reason": "steps", "message": f"Stopped after {record['step']} steps (--steps)."}
        log(args, record)


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
