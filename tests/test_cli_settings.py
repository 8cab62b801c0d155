"""The command line refuses bad settings in one line, no traceback."""

import pytest


@pytest.mark.parametrize("args, words", [
    (["--lr", "0"], "learning rate must be above 0"),
    (["--lr", "-1"], "learning rate must be above 0"),
    (["--epochs", "0"], "epochs must be between 1 and 100000"),
    (["--hidden", "0"], "hidden layer widths must be whole numbers from 1 to 64"),
    (["--batch-size", "-5"], "batch size must be 0 (full batch) or positive"),
    (["--momentum", "1"], "momentum must be in [0, 1)"),
])
def test_the_command_line_refuses_bad_settings_in_one_line(args, words, capsys):
    from core.__main__ import main

    assert main(["train", "diabetes", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    (line,) = captured.err.strip().splitlines()
    assert words in line
