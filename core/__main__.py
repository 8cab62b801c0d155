"""Headless CLI: `python -m core train TASK [...]` prints one JSON record per line on stdout;
`python -m core export TASK [...]` prints the same run as a standalone PyTorch script."""

import argparse
import json
import sys

from core.config import MNIST_MODELS, OPTIMIZERS, REDUCTIONS, TASKS, default_config


class _Parser(argparse.ArgumentParser):
    """Bad arguments end in one line on stderr and exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _hidden(text: str) -> tuple[int, ...]:
    if text.strip() in ("", "none"):
        return ()
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--hidden takes widths like 6,4 (got {text!r})") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m core", description="Train torchplay's models without the UI.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    train = commands.add_parser("train", help="train a task and print JSON metric records")
    export = commands.add_parser("export", help="print the standalone PyTorch script for these settings")
    export.add_argument("-o", "--output", metavar="PATH", help="write the script here instead of stdout")
    for command in (train, export):
        _add_run_options(command)
    train.add_argument("--save", metavar="PATH", help="write a checkpoint (state_dict + config) when finished")
    return parser


def _add_run_options(train: argparse.ArgumentParser) -> None:
    """The settings a run is made of; `train` and `export` take the same ones."""
    train.add_argument("task", choices=TASKS)
    train.add_argument("--epochs", type=int)
    train.add_argument("--lr", type=float)
    train.add_argument("--batch-size", type=int, help="0 = full batch")
    train.add_argument("--momentum", type=float)
    train.add_argument("--optimizer", choices=OPTIMIZERS, help="linear-regression takes all of them, others sgd/adam")
    train.add_argument("--reduction", choices=REDUCTIONS, help="linear-regression: the loss summed or averaged")
    train.add_argument("--no-zero-grad", dest="zero_grad", action="store_false", default=None,
                       help="back-propagation: skip w.grad.data.zero_(), so gradients accumulate")
    train.add_argument("--hidden", type=_hidden, help="hidden widths for diabetes/titanic, e.g. 6,4")
    train.add_argument("--activation", choices=("sigmoid", "tanh", "relu"))
    train.add_argument("--model", choices=MNIST_MODELS)
    train.add_argument("--seed", type=int)
    train.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"))
    train.add_argument("--log-every", type=int)
    train.add_argument("--train-subset", type=int, help="budget mode: first N training samples")
    train.add_argument("--test-subset", type=int, help="budget mode: first N test samples")
    train.add_argument("--augment", action="store_true", default=None, help="mnist: random affine/thickness changes")
    train.add_argument("--no-shuffle", dest="shuffle", action="store_false", default=None)
    train.add_argument("--patience", type=int,
                       help="early stopping: stop after this many epochs without a better test loss (0 = off)")


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    fields = ("epochs", "lr", "batch_size", "momentum", "optimizer", "hidden", "activation", "model", "seed",
              "device", "log_every", "train_subset", "test_subset", "augment", "shuffle", "patience", "reduction",
              "zero_grad")
    overrides = {name: getattr(args, name) for name in fields if getattr(args, name) is not None}
    if args.command == "export":
        return _export(args, overrides)
    try:
        import torch

        from core.stop_rules import with_stop_rules
        from core.tasks import task_of
        from core.train import Training

        cfg = default_config(args.task, **overrides)
        if not task_of(cfg).parallel:
            torch.set_num_threads(1)  # tiny models: thread hand-offs cost more than the maths
        training = Training(cfg)
    except ValueError as error:
        print(f"python -m core: error: {error}", file=sys.stderr)
        return 2
    last, last_eval = None, {}
    for record in with_stop_rules(training):
        try:
            print(json.dumps(record), flush=True)
        except BrokenPipeError:  # e.g. piped into `head`: the reader has all it wanted
            sys.stderr.close()
            return 0
        last = record
        if record["kind"] == "eval":
            last_eval = record
    if last["reason"] != "finished":
        print(f"python -m core: {last['message']}", file=sys.stderr)
        return 1
    if args.save:
        from core.checkpoints import checkpoint_metrics, save_checkpoint

        save_checkpoint(args.save, training.model, cfg, checkpoint_metrics(last_eval),
                        in_features=training.data.in_features)
    return 0


def _export(args, overrides: dict) -> int:
    from core.export import export_script

    try:
        script = export_script(default_config(args.task, **overrides))
    except ValueError as error:
        print(f"python -m core: error: {error}", file=sys.stderr)
        return 2
    if args.output is None:
        sys.stdout.write(script)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(script)
    except OSError as error:
        print(f"python -m core: error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
