"""Text of the live-training controls every page shares (ui/live.py)."""

TEXT = {
    # settings row
    "live.lr": ("learning rate", "学习率"),
    "live.lr_help": ("Log scale: each notch roughly doubles the step size.", "对数刻度：每挪一格，步长大约翻一倍。"),
    "live.epochs": ("epochs", "轮数 (epoch)"),
    "live.optimizer": ("optimizer", "优化器"),
    "live.seed": ("seed", "随机种子"),
    # buttons
    "live.start": ("Start", "开始"),
    "live.resume": ("Resume", "继续"),
    "live.pause": ("Pause", "暂停"),
    "live.step": ("Step", "单步"),
    "live.step_help": ("One training iteration, then pause.", "训练一次迭代，然后暂停。"),
    "live.stop": ("Stop", "停止"),
    "live.reset": ("Reset", "重置"),
    "live.reset_help": ("Forget this run and start again from fresh weights with the current settings.",
                        "丢弃这次训练，用当前设置从新的初始权重重新开始。"),
    "live.needs_reset": ("You changed {fields}. The current run keeps its old settings: "
                         "press **Reset** to start over with the new ones.",
                         "你修改了 {fields}。当前这次训练仍用原来的设置：按 **重置** 才会用新设置重新开始。"),
    # status
    "live.status": ("Status: **{status}**{detail}", "状态：**{status}**{detail}"),
    "live.status_detail": (" · step {step} · epoch {epoch}", " · 第 {step} 步 · 第 {epoch} 轮"),
    "live.status.idle": ("idle", "未开始"),
    "live.status.starting": ("starting", "启动中"),
    "live.status.running": ("running", "训练中"),
    "live.status.paused": ("paused", "已暂停"),
    "live.status.finished": ("finished", "已完成"),
    "live.status.stopped": ("stopped", "已停止"),
    "live.status.diverged": ("diverged", "已发散"),
    "live.status.error": ("error", "出错"),
    "live.queued": ("Status: **queued ({ahead} ahead)**. Everyone's runs share this server's {slots} training "
                    "slot(s); yours starts as soon as one is free.",
                    "状态：**排队中（前面还有 {ahead} 个）**。所有人的训练共用服务器的 {slots} 个训练位，"
                    "一有空位就轮到你。"),
    "live.queued_again": ("Status: **queued ({ahead} ahead)**, step {step}: other learners' runs are taking "
                          "their turn; yours goes on shortly.",
                          "状态：**排队中（前面还有 {ahead} 个）**，第 {step} 步：其他同学的训练正在轮流使用，"
                          "你的马上继续。"),
    "live.replica": ("Served by **{name}** ({workers} training slots)", "由 **{name}** 提供服务（{workers} 个训练位）"),
    # how a run ended (core's messages, translated from the end record's fields)
    "live.end.finished": ("Finished {epochs} epochs ({steps} steps).", "完成了 {epochs} 轮（{steps} 步）。"),
    "live.end.finished_one": ("Finished 1 epoch ({steps} steps).", "完成了 1 轮（{steps} 步）。"),
    "live.end.finished_one_step": ("Finished 1 epoch (1 step).", "完成了 1 轮（1 步）。"),
    "live.end.stopped": ("Stopped by you.", "你停止了训练。"),
    "live.end.abandoned": ("Stopped: nobody was watching this run any more.", "已停止：没有人在看这次训练了。"),
    "live.end.diverged": ("Training diverged: the loss or the weights became infinite or NaN at step {step} "
                          "(epoch {epoch}). The learning rate {lr} is too large, so each update overshoots and "
                          "the numbers blow up. Reset and try a smaller learning rate.",
                          "训练发散了：第 {step} 步（第 {epoch} 轮）时损失或权重变成了无穷大或 NaN。学习率 {lr} "
                          "太大，每次更新都冲过了头，数值越来越大。请重置，并试一个更小的学习率。"),
    "live.overshooting": ("The training loss is {loss}, far above the {chance} of a model that just guesses: the "
                          "learning rate {lr} is too large, so the steps overshoot and the outputs get stuck at "
                          "0 or 1. Reset and try a smaller learning rate.",
                          "训练损失是 {loss}，远高于瞎猜的模型的 {chance}：学习率 {lr} 太大，每一步都冲过了头，"
                          "输出卡在 0 或 1。请重置，并试一个更小的学习率。"),
    "live.end.error": ("Training failed: {detail}", "训练失败：{detail}"),
    # a setting that cannot be trained (from a widget, a shared link or a hand-edited URL)
    "live.bad_setting": ("{problem} The current run and its results are kept; change the setting to go on.",
                         "{problem} 当前的训练和结果都保留着；改好这个设置后再继续。"),
    "live.bad.lr": ("The learning rate must be above 0 and at most 100 (got {value}).",
                    "学习率必须大于 0 且不超过 100（现在是 {value}）。"),
    "live.bad.epochs": ("The number of epochs must be a whole number from 1 to 100000 (got {value}).",
                        "轮数必须是 1 到 100000 之间的整数（现在是 {value}）。"),
    "live.bad.batch_size": ("The batch size must be a positive whole number, or 0 for the full batch (got {value}).",
                            "批量大小必须是正整数，0 表示全批量（现在是 {value}）。"),
    "live.bad.hidden": ("Each hidden layer needs 1 to 64 units, and there are at most 4 layers (got {value}).",
                        "每个隐藏层需要 1 到 64 个单元，最多 4 层（现在是 {value}）。"),
    "live.bad.momentum": ("Momentum must be at least 0 and below 1 (got {value}).",
                          "动量必须不小于 0 且小于 1（现在是 {value}）。"),
    "live.bad.other": ("This setting cannot be trained: {detail}.", "这个设置无法训练：{detail}。"),
    "live.batch_over_data": ("The batch size {batch} is larger than the {n} training samples, so every epoch is one "
                             "full batch of {n}.",
                             "批量大小 {batch} 比训练样本数 {n} 还大，所以每一轮就是一个包含全部 {n} 个样本的批量。"),
}
