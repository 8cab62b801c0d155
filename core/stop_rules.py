"""Stop rules over a run's records: early stopping on the test loss (patience), target epochs being the config's own.

`with_stop_rules(training)` wraps a Training's record stream; with `cfg.patience` 0 it passes every record through.
"""

import math


class EarlyStopping:
    """Stop once the test loss has not improved on its best for `patience` evaluations in a row."""

    def __init__(self, patience: int):
        assert patience >= 1, "early stopping needs a patience of at least 1 epoch"
        self.patience = patience
        self.best_loss = math.inf
        self.best_epoch = 0
        self.waited = 0

    def update(self, epoch: int, test_loss: float) -> bool:
        """Note one epoch's test loss; True when it is time to stop (a NaN loss counts as no improvement)."""
        if test_loss < self.best_loss:
            self.best_loss, self.best_epoch, self.waited = test_loss, epoch, 0
        else:
            self.waited += 1
        return self.waited >= self.patience

    def message(self, epoch: int) -> str:
        return (f"Stopped early at epoch {epoch}: no better test loss for {self.patience} epochs "
                f"(best test loss {self.best_loss:.4f} at epoch {self.best_epoch}).")


def early_stopped(records, patience):
    """The records (an iterable of dicts), ending with a 'finished' end record (stopped_early, best_epoch) once
    patience runs out. Evaluations without a test loss (no test split) never stop the run.
    """
    rule = EarlyStopping(patience)
    source = iter(records)
    try:
        for record in source:
            yield record
            if record["kind"] == "eval" and "test/loss" in record and rule.update(record["epoch"], record["test/loss"]):
                at = {key: record[key] for key in ("step", "epoch", "time") if key in record}  # a script has no time
                yield {"kind": "end", **at, "reason": "finished", "message": rule.message(record["epoch"]),
                       "stopped_early": True, "best_epoch": rule.best_epoch, "best_test_loss": rule.best_loss,
                       "patience": rule.patience}
                return
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()  # the training generator stops here instead of running its remaining epochs


def with_stop_rules(training):
    """A run's records (core.train.Training, an exported script's EpochLoop) with its config's stop rules applied."""
    patience = getattr(training.cfg, "patience", 0)
    return early_stopped(training, patience) if patience else iter(training)
