"""Chapter 9 page (/softmax-mnist): softmax and cross-entropy, the MNIST data, live training, keeping a model."""

TEXT = {
    "ch9.nav": ("9 · Softmax on MNIST", "9 · Softmax 与 MNIST 多分类"),
    "ch9.home": ("Ten classes: softmax and cross-entropy by hand, then train the course's MNIST network "
                 "(or a CNN) live with a confusion matrix of its mistakes.",
                 "十个类别:手算 softmax 和交叉熵,再实时训练课程中的 MNIST 网络(或 CNN),"
                 "用混淆矩阵查看它的错误。"),
    "ch9.title": ("9 · Softmax classifier on MNIST", "9 · MNIST 上的 Softmax 分类器"),
    "ch9.intro": ("Ten classes instead of two: the network outputs ten numbers (**logits**), softmax turns them into "
                  "ten probabilities that sum to 1, and cross-entropy scores them against the true digit.",
                  "从二分类变成十分类：网络输出十个数（**logits**），softmax 把它们变成十个加起来等于 1 的概率，"
                  "交叉熵再拿它们和真实的数字比较，算出损失。"),
    "ch9.tab.softmax": ("Softmax & cross-entropy", "Softmax 与交叉熵"),
    "ch9.tab.data": ("The MNIST data", "MNIST 数据集"),
    "ch9.tab.train": ("Train live", "实时训练"),
    "ch9.name_rule": ("use 1-40 letters, digits, '-' or '_' (starting with a letter or digit), e.g. mlp-10-epochs",
                      "请用 1–40 个字母、数字、'-' 或 '_'（以字母或数字开头），例如 mlp-10-epochs"),
    # the softmax explorer
    "ch9.logits_caption": ("Move the logits z₀ … z₉ (what the last Linear layer outputs) and pick the true class y.",
                           "拖动 logits z₀ … z₉（最后一个 Linear 层的输出），再选出真实类别 y。"),
    "ch9.target": ("true class y", "真实类别 y"),
    "ch9.claim": ("**The chapter's claim, checked with torch (float64):** "
                  "`CrossEntropyLoss` = `LogSoftmax` followed by `NLLLoss`.",
                  "**用 torch（float64）验证本章的结论：** `CrossEntropyLoss` = `LogSoftmax` 之后接 `NLLLoss`。"),
    "ch9.by_hand": ("by hand: −z_y + log Σ exp(z_j)", "手算：−z_y + log Σ exp(z_j)"),
    "ch9.log_probs": ("log p = LogSoftmax(z) = [{values}]; NLLLoss just picks entry y = {target} and flips its sign. "
                      "So the model's last layer outputs raw logits: no softmax in the network when the loss is "
                      "CrossEntropyLoss.",
                      "log p = LogSoftmax(z) = [{values}]；NLLLoss 只是取出第 y = {target} 项再取相反数。"
                      "所以模型最后一层直接输出 logits：损失用 CrossEntropyLoss 时，网络里不再加 softmax。"),
    # the data
    "ch9.data_intro": ("{train:,} training and {test:,} test images of handwritten digits, each 28 × 28 grey levels "
                       "with its label.",
                       "{train:,} 张训练图像和 {test:,} 张测试图像，都是手写数字，每张 28 × 28 个灰度值，附带标签。"),
    "ch9.split": ("split", "数据集"),
    "ch9.split.train": ("train", "训练集"),
    "ch9.split.test": ("test", "测试集"),
    "ch9.first": ("first image", "第一张图像"),
    "ch9.grid_title": ("{split} images {first}–{last} with their labels", "{split}图像 {first}–{last} 及其标签"),
    "ch9.one_digit": ("one digit as numbers: image #", "把一个数字看成数：图像编号"),
    "ch9.why_normalize": ("Why Normalize((0.1307,), (0.3081,))?", "为什么是 Normalize((0.1307,), (0.3081,))？"),
    "ch9.normalize_text": (
        "`ToTensor()` maps grey levels 0…255 to 0…1. Over all training pixels the mean is **{mean:.4f}** and the "
        "standard deviation **{std:.4f}** — the chapter's two numbers. `Normalize` subtracts the mean and divides by "
        "the std, so the inputs are centred on 0 with spread 1, the range where the network's weights and gradients "
        "behave best. The shape does not change; only the axis moves. ({blank:.0%} of all pixels are blank paper.)",
        "`ToTensor()` 把 0…255 的灰度值映射到 0…1。在全部训练像素上，均值是 **{mean:.4f}**，标准差是 **{std:.4f}**"
        "——正是本章的两个数。`Normalize` 减去均值再除以标准差，输入就以 0 为中心、尺度为 1，"
        "这时网络的权重和梯度表现最好。分布的形状不变，只是坐标轴移动了。（所有像素中 {blank:.0%} 是空白的纸。）"),
    "ch9.hist_log": ("log scale for the counts", "计数取对数坐标"),
    "ch9.hist_log.help": ("Blank pixels outnumber every ink level by far; a log scale shows both.",
                          "空白像素远多于任何一种墨迹灰度；对数坐标能同时看清两者。"),
    # live training
    "ch9.train_intro": ("The chapter's training script, live: `batch_size=64`, `SGD(lr=0.01, momentum=0.5)`, "
                        "loss printed every 300 iterations, test accuracy after each epoch.",
                        "本章的训练脚本，实时运行：`batch_size=64`，`SGD(lr=0.01, momentum=0.5)`，"
                        "每 300 次迭代输出一次损失，每个 Epoch 之后在测试集上算准确率。"),
    "ch9.model": ("model", "模型"),
    "ch9.model.mlp": ("MLP 784-512-256-128-64-10 (the course's)", "MLP 784-512-256-128-64-10（课程中的模型）"),
    "ch9.model.cnn": ("CNN: 2 conv layers + 2 linear (going further)", "CNN：2 个卷积层 + 2 个全连接层（进阶）"),
    "ch9.model.help": ("The CNN is more accurate and 5-10× slower per epoch on a CPU.",
                       "CNN 更准确，但在 CPU 上每个 Epoch 慢 5–10 倍。"),
    "ch9.epochs": ("epochs", "轮数（epoch）"),
    "ch9.log_every": ("loss every N iterations", "每 N 次迭代记录一次损失"),
    "ch9.log_every.help": ("At most N: each epoch is cut into equal stretches of at most N iterations (938 "
                           "iterations and N = 300 give 4 of about 235), so no point averages a short leftover.",
                           "最多 N 次：每个 Epoch 被切成等长的几段，每段最多 N 次迭代（938 次迭代、N = 300 时是 4 段，"
                           "每段约 235 次），这样没有哪个点只平均了剩下的零头。"),
    "ch9.lr": ("learning rate", "学习率"),
    "ch9.momentum": ("momentum", "动量（momentum）"),
    "ch9.momentum.help": ("SGD keeps this share of the previous step's direction.",
                          "SGD 保留上一步方向的这一比例。"),
    "ch9.batch": ("batch size", "批量大小"),
    "ch9.train_subset": ("training subset (budget)", "训练子集（省时）"),
    "ch9.train_subset.help": ("Train on the first N training images only: fewer images, faster epochs, lower "
                              "accuracy.",
                              "只用前 N 张训练图像：图像越少，每个 Epoch 越快，准确率也越低。"),
    "ch9.test_subset": ("test images evaluated", "参与评估的测试图像"),
    "ch9.subset": ("{k}k", "{k}k"),
    "ch9.subset.all": ("{k}k (all)", "{k}k（全部）"),
    "ch9.this_run": ("This run: {model} · {train:,} training images · {epochs} epochs · batch {batch} · lr {lr:g} · "
                     "momentum {momentum:g} · {test:,} test images",
                     "本次训练：{model} · {train:,} 张训练图像 · {epochs} 轮 · 批量大小 {batch} · 学习率 {lr:g} · "
                     "动量 {momentum:g} · {test:,} 张测试图像"),
    "ch9.progress": ("Epoch {epoch}/{epochs} · iteration {iteration}/{per_epoch}",
                     "第 {epoch}/{epochs} 轮 · 第 {iteration}/{per_epoch} 次迭代"),
    "ch9.test_acc": ("Test accuracy", "测试集准确率"),
    "ch9.test_acc.help": ("Share of the evaluated test digits classified right, after each epoch.",
                          "每个 Epoch 之后，参与评估的测试数字中被分对的比例。"),
    "ch9.loss": ("Loss", "损失"),
    "ch9.loss.help": ("Mean cross-entropy of the last stretch of about {n} iterations (each epoch is cut into "
                      "equal stretches, so every point of the loss curve averages as many).",
                      "最近一段约 {n} 次迭代的平均交叉熵（每个 Epoch 被切成等长的几段，损失曲线上每个点平均的迭代次数相同）。"),
    "ch9.throughput": ("Throughput (samples/s)", "吞吐量（样本/秒）"),
    "ch9.throughput.help": ("Training images per second of compute, over the last logged stretch.",
                            "最近一个记录区间内，每秒计算时间处理的训练图像数。"),
    "ch9.iterations": ("Iterations", "迭代次数"),
    "ch9.line.train_loss": ("train loss", "训练损失"),
    "ch9.axis.iteration": ("iteration", "迭代次数"),
    "ch9.axis.cross_entropy": ("cross-entropy", "交叉熵"),
    "ch9.loss_title": ("Loss, each point the mean of about {n} iterations", "损失（每个点约为 {n} 次迭代的平均）"),
    "ch9.loss_empty": ("starts with the first iterations", "从最初几次迭代开始绘制"),
    "ch9.line.test": ("test", "测试集"),
    "ch9.line.train_running": ("train (running)", "训练集（边训练边统计）"),
    "ch9.axis.epoch": ("epoch", "轮数（epoch）"),
    "ch9.axis.accuracy": ("accuracy", "准确率"),
    "ch9.acc_title": ("Accuracy after each epoch", "每个 Epoch 之后的准确率"),
    "ch9.acc_empty": ("after the first epoch", "第一个 Epoch 之后出现"),
    "ch9.confusion_later": ("The confusion matrix appears after the first epoch.", "第一个 Epoch 之后会出现混淆矩阵。"),
    "ch9.evaluation": ("Evaluation after epoch {epoch}", "第 {epoch} 轮之后的评估"),
    "ch9.confusion_caption": ("Rows: the true digit; columns: what the network said. {n} test digits evaluated; the "
                              "diagonal is right, everything else is a mistake. **Click a cell** to see its digits.",
                              "行：真实的数字；列：网络给出的数字。共评估了 {n} 个测试数字；对角线上是分对的，"
                              "其余都是错误。**点击一个格子**，查看其中的数字。"),
    "ch9.pick.true": ("true digit", "真实数字"),
    "ch9.pick.pred": ("predicted as", "被预测为"),
    "ch9.none_wrong": ("No {true} was predicted as {pred}.", "没有一个 {true} 被预测成 {pred}。"),
    "ch9.none_right": ("No {true} was classified right yet.", "还没有一个 {true} 被分对。"),
    "ch9.mistakes_title": ("{count} × a {true} mistaken as {pred} · p({pred}) / p({true})",
                           "{count} × 把 {true} 错认成 {pred} · p({pred}) / p({true})"),
    "ch9.right_title": ("{count} × a {true} classified right · p({pred})", "{count} × {true} 分对了 · p({pred})"),
    "ch9.mistakes_caption": ("Most confident first. Click another cell of the matrix, or pick one above.",
                             "按模型的把握从大到小排列。点击矩阵中的另一个格子，或在上面选择。"),
    "ch9.mistakes_caption.first": ("Most confident first (the first {n}). Click another cell of the matrix, or pick "
                                   "one above.",
                                   "按模型的把握从大到小排列（只显示前 {n} 个）。点击矩阵中的另一个格子，或在上面选择。"),
    # keeping a model
    "ch9.keep": ("Keep this model", "保存这个模型"),
    "ch9.save_name": ("model name", "模型名称"),
    "ch9.use": ("Use on the Draw page", "在“手写数字”页使用"),
    "ch9.use.help": ("This browser session only; nothing is written to disk.", "只在本次浏览器会话中有效，不写入磁盘。"),
    "ch9.overwrite": ("Overwrite “{name}”", "覆盖“{name}”"),
    "ch9.save": ("Save for everyone", "保存给所有人"),
    "ch9.save_as": ("Save as “{name}”", "另存为“{name}”"),
    "ch9.save.help": ("In a class, your class and its lecturer see it on the Draw page; otherwise everyone on this "
                      "server does. Only this browser session (or the class's lecturer) can replace or delete it.",
                      "在班级里时，本班同学和老师会在“手写数字”页看到它；否则本服务器上的所有人都能看到。"
                      "只有本次浏览器会话（或班级的老师）可以覆盖或删除它。"),
    "ch9.msg.untrained": ("Train at least one epoch first: the model is saved as it was at the end of its last epoch.",
                          "请先至少训练一个 Epoch：保存的是模型在最后一个完整 Epoch 结束时的样子。"),
    "ch9.msg.bad_name": ("Model name: {error}.", "模型名称：{error}。"),
    "ch9.msg.session": ("“{name}” ({acc:.2%} test accuracy) is ready on the Draw page for this browser session.",
                        "“{name}”（测试集准确率 {acc:.2%}）已可在本次会话的“手写数字”页使用。"),
    "ch9.kept": ("The Draw page uses “{name}” ({acc:.2%} test accuracy) in this session.",
                 "本会话的“手写数字”页正在使用“{name}”（测试集准确率 {acc:.2%}）。"),
}
