"""Chart text of ui/figures.py: the loss and accuracy chart every page uses."""

TEXT = {
    "figures.epoch": ("epoch", "轮数 (epoch)"),
    "figures.step": ("step", "步数 (step)"),
    "figures.loss": ("loss", "损失"),
    "figures.accuracy": ("accuracy", "准确率"),
    "figures.train": ("train", "训练集"),
    "figures.test": ("test", "测试集"),
    "figures.previous_run": ("previous run", "上一次训练"),
}
