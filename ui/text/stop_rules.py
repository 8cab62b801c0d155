"""Text of ui/stop_rules.py: early stopping's setting and the note when a run stops early."""

TEXT = {
    "stop_rules.patience": ("early stopping: patience (epochs)", "早停：耐心值（轮数）"),
    "stop_rules.patience.help": (
        "Stop once the test loss has not improved for this many epochs in a row; 0 turns it off. "
        "Changing it needs a Reset, like the other settings.",
        "测试损失连续这么多轮没有变好就停止；0 表示关闭。和其他设置一样，修改后需要按「重置」。"),
    "stop_rules.patience.off": (
        "Stops after {epochs} epochs (early stopping off).", "训练 {epochs} 轮后停止（早停已关闭）。"),
    "stop_rules.patience.on": (
        "Stops after {epochs} epochs, or earlier once the test loss has not improved for {patience} epochs.",
        "训练 {epochs} 轮后停止；若测试损失连续 {patience} 轮没有变好，则提前停止。"),
    "stop_rules.end.early": (
        "Stopped early at epoch {epoch}: no better test loss for {patience} epochs (best test loss {best:.4f} "
        "at epoch {best_epoch}).",
        "在第 {epoch} 轮提前停止：测试损失连续 {patience} 轮没有变好（最佳测试损失 {best:.4f}，在第 {best_epoch} 轮）。"),
}
