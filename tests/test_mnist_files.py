"""Damaged MNIST files: the file and the fix are named, in the learner's language, and a run reports it."""

import pytest


def broken_mnist(tmp_path, damage):
    """A data folder whose MNIST has one damaged file (the others link to the real ones)."""
    from core import data, mnist

    raw = mnist.raw_dir(tmp_path)
    raw.mkdir(parents=True)
    for name in mnist.RAW_MD5:
        (raw / name).symlink_to(mnist.raw_dir(data.DATA_DIR) / name)
    target = raw / "t10k-labels-idx1-ubyte"
    content = bytearray(target.read_bytes())
    target.unlink()
    if damage != "missing":
        target.write_bytes(damage(content))
    return tmp_path


def flip_one_byte(content: bytearray) -> bytes:
    content[5000] ^= 0x01  # a label changed from one digit to another: same size, only the MD5 can tell
    return bytes(content)


@pytest.mark.parametrize("damage", ["missing", lambda c: bytes(c[:1000]), flip_one_byte],
                         ids=["missing", "truncated", "altered"])
def test_a_damaged_mnist_file_is_named_with_the_fix_and_a_run_reports_it(tmp_path, monkeypatch, damage):
    from core import data
    from core.runner import Runner
    from tests.test_runner import run_to_end

    root = broken_mnist(tmp_path, damage)
    with pytest.raises(ValueError, match=r"t10k-labels-idx1-ubyte.*python -m core.data fetch"):
        data.load_mnist(root)
    assert data.mnist_status(root)["files"]["t10k-labels-idx1-ubyte"]["ok"] is False
    monkeypatch.setattr(data, "DATA_DIR", root)  # what the app's runs read
    runner = Runner(default_config_mnist())
    runner.start()
    state = run_to_end(runner)
    assert state.status == "error" and "python -m core.data fetch" in state.message


@pytest.mark.parametrize("lang, words", [("en", "MNIST is not ready"), ("zh", "MNIST 数据还没有准备好")])
def test_the_mnist_page_names_the_damaged_file_and_the_fix_in_the_learners_language(tmp_path, monkeypatch, lang, words):
    import streamlit as st

    from core import data
    from tests.test_share import open_link

    monkeypatch.setattr(data, "DATA_DIR", broken_mnist(tmp_path, "missing"))  # what the page loads from
    st.cache_resource.clear()  # the page keeps MNIST per process: a loaded copy would hide the damage
    app = open_link("pages/softmax_mnist.py", {"lang": lang})
    shown = " ".join(error.value for error in app.error)
    assert words in shown and "t10k-labels-idx1-ubyte" in shown and "python -m core.data fetch" in shown, shown


def default_config_mnist():
    from core.config import default_config

    return default_config("mnist", train_subset=64, test_subset=64, epochs=1, device="cpu")
