"""What a chapter page adds with one line each: presets, early stopping, the PyTorch code, compare runs."""

from ui.compare import compare_runs
from ui.export import show_code
from ui.presets import presets
from ui.stop_rules import patience_setting

__all__ = ["compare_runs", "patience_setting", "presets", "show_code"]
