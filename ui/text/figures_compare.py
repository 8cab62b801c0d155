"""Chart text of ui/figures_compare.py (the runs compared on one chart)."""

TEXT = {
    "figures_compare.title": ("Pinned runs and the current one", "固定的训练与当前训练"),
    "figures_compare.loss": ("loss", "损失"),
    "figures_compare.accuracy": ("accuracy", "准确率"),
    "figures_compare.epoch": ("epoch", "轮数 (epoch)"),
    "figures_compare.train": ("train", "训练"),
    "figures_compare.test": ("test", "测试"),
    "figures_compare.empty": ("curves appear after the first epoch", "第一轮结束后显示曲线"),
}
