"""Checkpoints are opened without running code: a hostile one is refused unopened and rebuilt."""

import pytest


class Payload:
    """What a hostile checkpoint would carry: unpickling it runs code."""

    def __reduce__(self):
        import os

        return (os.makedirs, (str(PWNED),))


PWNED = None


def test_a_hostile_checkpoint_is_refused_unopened_and_rebuilt(tmp_path):
    """torch.load(weights_only=True) never runs a pickle's code; the file counts as corrupt and is rebuilt."""
    import torch

    global PWNED
    from core import defaults
    from core.checkpoints import load_checkpoint

    PWNED = tmp_path / "code-ran"
    path = tmp_path / "mnist_mlp.pt"
    torch.save({"config": {}, "state_dict": Payload()}, path)
    with pytest.raises(ValueError, match="corrupt or incompatible"):
        load_checkpoint(path)
    assert not PWNED.exists()
    assert defaults.check("mnist_mlp", tmp_path).startswith("corrupt")
    assert not PWNED.exists()
