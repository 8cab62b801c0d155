"""Text of the extras: exported code, stop rules, compare runs, presets."""

TEXT = {
    # ---- PyTorch code
    "extras.code.title": ("PyTorch code for these settings", "这些设置对应的 PyTorch 代码"),
    "extras.code.caption": (
        "The complete script the panel trains with, in the course's layout: Dataset, Model, criterion and "
        "optimizer, training loop. Run `python {name}`; the same seed gives the same numbers as this page "
        "(add `--json` to print them, `--steps 20` for a quick check). A learning rate changed mid-run is the "
        "script's learning rate from the first step. {data}",
        "本面板训练所用的完整脚本，按课程的结构：Dataset、Model、损失函数与优化器、训练循环。运行 `python {name}`；"
        "相同的随机种子得到与本页相同的数字（加 `--json` 打印记录，加 `--steps 20` 快速检查）。训练中途改过的学习率，"
        "在脚本里从第一步起就使用。{data}"),
    "extras.code.data_inline": ("The data is written into the script.", "数据直接写在脚本里。"),
    "extras.code.data_table": (
        "It reads torchplay's table from `data/` (or `--data PATH`).",
        "它从 `data/` 读取 torchplay 的数据表（或用 `--data PATH` 指定）。"),
    "extras.code.data_mnist": (
        "It reads the four MNIST files from `data/MNIST/raw` (or `--data FOLDER`).",
        "它从 `data/MNIST/raw` 读取 MNIST 的四个文件（或用 `--data FOLDER` 指定）。"),
    "extras.code.data_upload": (
        "Give it your table as the button beside it saves it: `--data my_table.csv` (features, then the 0/1 label).",
        "把旁边按钮保存的数据表交给它：`--data my_table.csv`（先是特征，最后是 0/1 标签）。"),
    "extras.code.download": ("Download the script", "下载脚本"),
    "extras.code.download_table": ("Download your table for it (my_table.csv)", "下载它要读的数据表（my_table.csv）"),
    "extras.code.unavailable": ("No script for this run: {reason}.", "这次训练无法导出脚本：{reason}。"),
    # ---- stop rules
    "extras.patience": ("early stopping: patience (epochs)", "早停：耐心值（轮数）"),
    "extras.patience.help": (
        "Stop once the test loss has not improved for this many epochs in a row; 0 turns it off. "
        "Changing it needs a Reset, like the other settings.",
        "测试损失连续这么多轮没有变好就停止；0 表示关闭。和其他设置一样，修改后需要按 Reset。"),
    "extras.patience.off": (
        "Stops after {epochs} epochs (early stopping off).", "训练 {epochs} 轮后停止（早停已关闭）。"),
    "extras.patience.on": (
        "Stops after {epochs} epochs, or earlier once the test loss has not improved for {patience} epochs.",
        "训练 {epochs} 轮后停止；若测试损失连续 {patience} 轮没有变好，则提前停止。"),
    "extras.end.early": (
        "Stopped early at epoch {epoch}: no better test loss for {patience} epochs (best test loss {best:.4f} "
        "at epoch {best_epoch}).",
        "在第 {epoch} 轮提前停止：测试损失连续 {patience} 轮没有变好（最佳测试损失 {best:.4f}，在第 {best_epoch} 轮）。"),
    # ---- compare runs
    "extras.compare.title": ("Compare runs ({count} kept)", "比较多次训练（保留 {count} 次）"),
    "extras.compare.caption": (
        "Every run of this panel is kept for this session (the newest {keep}, plus every pinned one). Pin a run, "
        "change one setting, Reset and Start: the pinned runs stay on the chart beside the current one.",
        "本面板的每次训练都会在本次会话中保留（最新的 {keep} 次，以及所有固定的）。固定一次训练，改一个设置，"
        "按 Reset 再 Start：固定的训练会和当前训练一起留在图上。"),
    "extras.compare.pin": ("Pin this run", "固定这次训练"),
    "extras.compare.unpin": ("Unpin all", "全部取消固定"),
    "extras.compare.clear": ("Clear", "清空"),
    "extras.compare.clear.help": (
        "Forget this panel's other runs, pinned ones too; the current run stays, unpinned.",
        "清除本面板的其他训练，包括固定的；当前训练保留，但取消固定。"),
    "extras.compare.empty": (
        "No runs yet: press Start, then pin the run to compare it with the next one.",
        "还没有训练：按 Start，然后固定这次训练，以便与下一次比较。"),
    "extras.compare.pin_hint": (
        "Pin this run to keep it on a chart while you try other settings.",
        "固定这次训练，在尝试其他设置时它会一直留在图上。"),
    "extras.compare.differ": ("Highlighted settings differ between the runs: {names}.",
                              "高亮的设置在各次训练之间不同：{names}。"),
    "extras.compare.col.run": ("run", "训练"),
    "extras.compare.pinned": ("· pinned", "· 已固定"),
    "extras.compare.current": ("· current", "· 当前"),
    "extras.compare.col.status": ("status", "状态"),
    "extras.compare.col.train_loss": ("train loss", "训练损失"),
    "extras.compare.col.test_loss": ("test loss", "测试损失"),
    "extras.compare.col.train_acc": ("train accuracy", "训练准确率"),
    "extras.compare.col.test_acc": ("test accuracy", "测试准确率"),
    "extras.compare.col.epochs_done": ("epochs done", "已完成轮数"),
    "extras.compare.col.time": ("training time (s)", "训练用时（秒）"),
    "extras.fig.title": ("Pinned runs and the current one", "固定的训练与当前训练"),
    "extras.fig.loss": ("loss", "损失"),
    "extras.fig.accuracy": ("accuracy", "准确率"),
    "extras.fig.epoch": ("epoch", "轮数 (epoch)"),
    "extras.fig.train": ("train", "训练"),
    "extras.fig.test": ("test", "测试"),
    "extras.fig.empty": ("curves appear after the first epoch", "第一轮结束后显示曲线"),
    # ---- presets
    "extras.presets": ("Start from a preset", "从预设开始"),
    "extras.presets.help": (
        "Each preset sets this panel's controls to a starting point that shows one idea; click it again to hide "
        "its note.",
        "每个预设把本面板的控件设到一个能展示某个要点的起点；再点一次可隐藏说明。"),
    "extras.presets.applied": ("**{name}** is set: press Start (Reset first if a run is on the panel). Watch: {watch}",
                               "已设置 **{name}**：按 Start（若面板上已有训练，先按 Reset）。观察：{watch}"),
    # ---- presets: /logistic-regression
    "extras.preset.logistic-regression.course": ("The course's settings", "课程的设置"),
    "extras.preset.logistic-regression.course.watch": (
        "SGD with learning rate 0.01 for 1000 epochs is slow on this data: the BCE only falls from about 0.82 to "
        "0.56 and the curve has barely started to bend.",
        "学习率 0.01 的 SGD 训练 1000 轮，在这份数据上很慢：BCE 只从约 0.82 降到 0.56，曲线才刚开始弯。"),
    "extras.preset.logistic-regression.faster": ("10× the learning rate", "学习率放大 10 倍"),
    "extras.preset.logistic-regression.faster.watch": (
        "With 0.1 the same 1000 epochs reach a BCE of about 0.19 (w ≈ 2.4, b ≈ −5.9): the curve now crosses 0.5 "
        "near 2.4 hours.",
        "学习率 0.1 时，同样 1000 轮 BCE 降到约 0.19（w ≈ 2.4，b ≈ −5.9）：曲线在约 2.4 小时处越过 0.5。"),
    "extras.preset.logistic-regression.too_high": ("Too high for MSE", "对 MSE 来说太高"),
    "extras.preset.logistic-regression.too_high.watch": (
        "At 0.5 linear regression (MSE) diverges after about 30 steps, while logistic regression keeps improving: "
        "the sigmoid keeps its outputs in (0, 1), so the BCE gradients stay small.",
        "学习率 0.5 时，线性回归（MSE）大约 30 步后发散，而逻辑斯蒂回归继续变好：sigmoid 把输出限制在 (0, 1)，"
        "BCE 的梯度保持很小。"),
    "extras.preset.logistic-regression.adam": ("Adam", "Adam"),
    "extras.preset.logistic-regression.adam.watch": (
        "Adam with 0.1 brings the BCE to about 0.01 in 1000 epochs: it scales each weight's step by its own "
        "gradient history.",
        "学习率 0.1 的 Adam 在 1000 轮内把 BCE 降到约 0.01：它按每个权重自己的梯度历史调整步长。"),
    # ---- presets: /multiple-features
    "extras.preset.multiple-features.course": ("The course's settings", "课程的设置"),
    "extras.preset.multiple-features.course.watch": (
        "8-6-4-1 with sigmoid and SGD 0.1 for 100 epochs: the accuracy stays at 65.6%, the share of people "
        "without diabetes; the network still answers “no” for everyone while the loss creeps from 0.66 to 0.64.",
        "8-6-4-1、sigmoid、SGD 0.1、100 轮：准确率停在 65.6%，即没有糖尿病的人所占比例；网络仍对所有人回答“没有”，"
        "损失只从 0.66 缓慢降到 0.64。"),
    "extras.preset.multiple-features.longer": ("The course's, 1000 epochs", "课程设置，1000 轮"),
    "extras.preset.multiple-features.longer.watch": (
        "The plateau ends after about 500 epochs: the loss drops to about 0.53 and the test accuracy climbs "
        "to about 72%.",
        "大约 500 轮后走出平台期：损失降到约 0.53，测试准确率升到约 72%。"),
    "extras.preset.multiple-features.raw": ("No standardisation", "不做标准化"),
    "extras.preset.multiple-features.raw.watch": (
        "Raw units (glucose around 120) push the sigmoids into their flat ends: even after 1000 epochs the "
        "accuracy is still stuck at 65.6%.",
        "原始单位（血糖约 120）把 sigmoid 推进平坦区：即使 1000 轮后准确率仍停在 65.6%。"),
    "extras.preset.multiple-features.too_high": ("Too high learning rate", "学习率过高"),
    "extras.preset.multiple-features.too_high.watch": (
        "With 10 every step overshoots: the accuracy flips between 65.6% and 34.4% from one epoch to the next "
        "and the loss zig-zags for dozens of epochs.",
        "学习率 10 时每一步都冲过头：准确率在相邻两轮之间于 65.6% 和 34.4% 来回跳动，损失锯齿状振荡几十轮。"),
    "extras.preset.multiple-features.too_deep": ("Too many sigmoid layers", "sigmoid 层太多"),
    "extras.preset.multiple-features.too_deep.watch": (
        "Four sigmoid hidden layers: the loss stays flat at about 0.643 for all 500 epochs, because the gradient "
        "shrinks through every sigmoid on its way back (vanishing gradients). Switch to ReLU to compare.",
        "四个 sigmoid 隐藏层：500 轮里损失一直平在约 0.643，因为梯度每经过一个 sigmoid 都会变小（梯度消失）。"
        "换成 ReLU 比较一下。"),
    "extras.preset.multiple-features.early_stop": ("Overfit, with early stopping", "过拟合，加早停"),
    "extras.preset.multiple-features.early_stop.watch": (
        "4 × 64 ReLU with Adam learns the training people by heart. Patience 10 stops it at epoch 18, ten epochs "
        "after the best test loss (about 0.47 at epoch 8). Set patience to 0 to watch the test loss climb past 5 "
        "while the training loss goes to 0.",
        "4 × 64 ReLU 加 Adam 会把训练集的人背下来。耐心值 10 让它在第 18 轮停下，即最佳测试损失（第 8 轮约 0.47）"
        "之后十轮。把耐心值设为 0，可看到训练损失趋近 0 时测试损失升到 5 以上。"),
    # ---- presets: /mini-batches
    "extras.preset.mini-batches.course": ("The course's settings", "课程的设置"),
    "extras.preset.mini-batches.course.watch": (
        "Batch size 32, shuffled: 18 iterations per epoch, a new random order each epoch.",
        "批量大小 32，打乱顺序：每轮 18 次迭代，每轮都是新的随机顺序。"),
    "extras.preset.mini-batches.batch_1": ("Batch size 1", "批量大小 1"),
    "extras.preset.mini-batches.batch_1.watch": (
        "576 iterations per epoch. In the race the mini-batch run becomes stochastic too: very noisy steps, yet "
        "after a few epochs its loss is far below the full batch's.",
        "每轮 576 次迭代。比赛中小批量那一组也变成了随机梯度下降：每一步噪声很大，但几轮之后损失远低于全批量。"),
    "extras.preset.mini-batches.full_batch": ("Full batch", "全批量"),
    "extras.preset.mini-batches.full_batch.watch": (
        "One iteration per epoch, as in chapter 7: the race's mini-batch line lies on top of the full-batch one, "
        "and 30 epochs are only 30 small steps.",
        "每轮一次迭代，和第 7 讲一样：比赛中小批量的线与全批量的线重合，30 轮只是 30 个小步。"),
    "extras.preset.mini-batches.no_shuffle": ("No shuffling", "不打乱"),
    "extras.preset.mini-batches.no_shuffle.watch": (
        "The batch picture shows the same slices of the file in every epoch: each batch always holds the same people.",
        "批次图里每轮都是文件的同样几段：每个批次总是同一批人。"),
    "extras.preset.mini-batches.drop_last": ("drop_last with batch 256", "batch 256 加 drop_last"),
    "extras.preset.mini-batches.drop_last.watch": (
        "576 = 2 × 256 + 64: the 64 left-over samples sit out each epoch (grey), a different 64 each time "
        "because shuffle is on.",
        "576 = 2 × 256 + 64：剩下的 64 个样本每轮都不参与训练（灰色），因为打乱了顺序，每轮是不同的 64 个。"),
    # ---- presets: /softmax-mnist
    "extras.preset.softmax-mnist.course": ("The course's settings", "课程的设置"),
    "extras.preset.softmax-mnist.course.watch": (
        "The chapter's script on all 60000 images: about 86% test accuracy after the first epoch, then higher "
        "with every epoch (ten full epochs take a while on a CPU).",
        "在全部 60000 张图上运行本讲的脚本：第一轮后测试准确率约 86%，之后每轮都更高（在 CPU 上跑满十轮需要一些时间）。"),
    "extras.preset.softmax-mnist.quick": ("Quick look: 6000 images", "快速试验：6000 张图"),
    "extras.preset.softmax-mnist.quick.watch": (
        "6000 images, 3 epochs, the course's SGD: only about 37% test accuracy. The first epochs of this deep "
        "network are slow at learning rate 0.01; compare with the next presets.",
        "6000 张图、3 轮、课程的 SGD：测试准确率只有约 37%。学习率 0.01 时这个深网络的前几轮学得很慢；和后面的预设比较。"),
    "extras.preset.softmax-mnist.faster": ("Quick look, learning rate 0.2", "快速试验，学习率 0.2"),
    "extras.preset.softmax-mnist.faster.watch": (
        "The same 3 epochs reach about 90% test accuracy: a larger step gets the deep network moving.",
        "同样 3 轮达到约 90% 的测试准确率：更大的步长让深网络动起来。"),
    "extras.preset.softmax-mnist.too_high": ("Too high learning rate", "学习率过高"),
    "extras.preset.softmax-mnist.too_high.watch": (
        "Learning rate 1: the very first update blows the weights up and the run diverges at step 1.",
        "学习率 1：第一次更新就让权重爆炸，训练在第 1 步发散。"),
    "extras.preset.softmax-mnist.no_momentum": ("No momentum", "不用动量"),
    "extras.preset.softmax-mnist.no_momentum.watch": (
        "Momentum 0 instead of 0.5: about 25% test accuracy after 3 epochs instead of 37%; momentum keeps part "
        "of the last step's direction and speeds SGD up.",
        "动量 0 而不是 0.5：3 轮后测试准确率约 25% 而不是 37%；动量保留上一步的部分方向，使 SGD 更快。"),
    "extras.preset.softmax-mnist.big_batch": ("Batch size 256", "批量大小 256"),
    "extras.preset.softmax-mnist.big_batch.watch": (
        "Four times fewer updates per epoch (72 in 3 epochs instead of 282) at the same learning rate: the test "
        "accuracy is still about 17%.",
        "同样的学习率下每轮更新次数少了四倍（3 轮 72 次而不是 282 次）：测试准确率仍只有约 17%。"),
    "extras.preset.softmax-mnist.cnn": ("CNN, quick look", "CNN 快速试验"),
    "extras.preset.softmax-mnist.cnn.watch": (
        "Same 6000 images and SGD settings: the CNN reaches about 95% test accuracy in 3 epochs, each epoch "
        "slower than the MLP's.",
        "同样 6000 张图和 SGD 设置：CNN 3 轮内达到约 95% 的测试准确率，但每轮比 MLP 慢。"),
    "extras.preset.softmax-mnist.early_stop": ("1000 images, early stopping", "1000 张图，早停"),
    "extras.preset.softmax-mnist.early_stop.watch": (
        "Only 1000 training images with a fast optimiser: the training accuracy races ahead while the test loss "
        "stops improving; patience 3 ends the run after about 9 of the 30 epochs.",
        "只有 1000 张训练图、优化器又快：训练准确率一路领先，测试损失却不再变好；耐心值 3 让训练在 30 轮中的约第 9 轮结束。"),
}
