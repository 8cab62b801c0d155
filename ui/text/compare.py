"""Text of ui/compare.py: the compare-runs panel."""

TEXT = {
    "compare.title": ("Compare runs ({count} kept)", "比较多次训练（保留 {count} 次）"),
    "compare.caption": (
        "Every run of this panel is kept for this session (the newest {keep}, plus every pinned one). Pin a run, "
        "change one setting, Reset and Start: the pinned runs stay on the chart beside the current one.",
        "本面板的每次训练都会在本次会话中保留（最新的 {keep} 次，以及所有固定的）。固定一次训练，改一个设置，"
        "按「重置」再按「开始」：固定的训练会和当前训练一起留在图上。"),
    "compare.pin": ("Pin this run", "固定这次训练"),
    "compare.unpin": ("Unpin all", "全部取消固定"),
    "compare.clear": ("Clear", "清空"),
    "compare.clear.help": (
        "Forget this panel's other runs, pinned ones too; the current run stays, unpinned.",
        "清除本面板的其他训练，包括固定的；当前训练保留，但取消固定。"),
    "compare.empty": (
        "No runs yet: press Start, then pin the run to compare it with the next one.",
        "还没有训练：按「开始」，然后固定这次训练，以便与下一次比较。"),
    "compare.pin_hint": (
        "Pin this run to keep it on a chart while you try other settings.",
        "固定这次训练，在尝试其他设置时它会一直留在图上。"),
    "compare.differ": ("Highlighted settings differ between the runs: {names}.",
                       "高亮的设置在各次训练之间不同：{names}。"),
    "compare.col.run": ("run", "训练"),
    "compare.pinned": ("· pinned", "· 已固定"),
    "compare.current": ("· current", "· 当前"),
    "compare.col.status": ("status", "状态"),
    "compare.col.train_loss": ("train loss", "训练损失"),
    "compare.col.test_loss": ("test loss", "测试损失"),
    "compare.col.train_acc": ("train accuracy", "训练准确率"),
    "compare.col.test_acc": ("test accuracy", "测试准确率"),
    "compare.col.epochs_done": ("epochs done", "已完成轮数"),
    "compare.col.time": ("training time (s)", "训练用时（秒）"),
}
