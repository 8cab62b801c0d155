"""Lecture 5 page (/linear-regression): LinearModel live, the eight-optimizer race, sum vs mean loss.
Chapter terms follow the course notes (线性回归, 损失, 优化器, 学习率, 轮数)."""

TEXT = {
    "ch5.nav": ("5 · Linear regression with PyTorch", "5 · 用 PyTorch 实现线性回归"),
    "ch5.home": ("The lecture's LinearModel trained live with w, b and predict(4) moving; all eight optimizers "
                 "the lecture names racing on one chart; what summing instead of averaging the loss does to "
                 "the step.",
                 "课上的 LinearModel 实时训练,看 w、b 和 predict(4) 变化;课上列出的八个优化器在同一张图上比赛;"
                 "损失求和而不是求平均对步长的影响。"),
    "ch5.title": ("5 · Linear regression with PyTorch 用PyTorch实现线性回归", "5 · 用 PyTorch 实现线性回归"),
    "ch5.intro": ("The same ŷ = w·x + b as lecture 3, now written the PyTorch way: data as tensors, the model as an "
                  "`nn.Module`, the loss from `torch.nn`, the update from `torch.optim`. Four steps a loop: "
                  "forward, loss, backward, update.",
                  "和第 3 讲一样的 ŷ = w·x + b,这次用 PyTorch 的方式来写:数据是张量,模型是 `nn.Module`,"
                  "损失来自 `torch.nn`,更新来自 `torch.optim`。每轮四步:前馈、算损失、反向、更新。"),
    "ch5.code": ("class LinearModel(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                 "        self.linear = torch.nn.Linear(1, 1)   # w and b\n\n    def forward(self, x):\n"
                 "        return self.linear(x)\n\nmodel = LinearModel()             # model(x) calls forward\n"
                 "criterion = torch.nn.MSELoss(reduction='sum')   # size_average=False in the lecture\n"
                 "optimizer = torch.optim.SGD(model.parameters(), lr=0.01)\n\nfor epoch in range(1000):\n"
                 "    y_pred = model(x_data)\n    loss = criterion(y_pred, y_data)\n    optimizer.zero_grad()\n"
                 "    loss.backward()\n    optimizer.step()",
                 "class LinearModel(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                 "        self.linear = torch.nn.Linear(1, 1)   # w 和 b\n\n    def forward(self, x):\n"
                 "        return self.linear(x)\n\nmodel = LinearModel()             # model(x) 会调用 forward\n"
                 "criterion = torch.nn.MSELoss(reduction='sum')   # 课上写作 size_average=False\n"
                 "optimizer = torch.optim.SGD(model.parameters(), lr=0.01)\n\nfor epoch in range(1000):\n"
                 "    y_pred = model(x_data)\n    loss = criterion(y_pred, y_data)\n    optimizer.zero_grad()\n"
                 "    loss.backward()\n    optimizer.step()"),
    "ch5.train": ("Train the LinearModel live", "实时训练 LinearModel"),
    "ch5.epochs_help": ("Full batch: one epoch is one step over all 3 samples. The lecture runs 100, then 1000.",
                        "全批量:一轮就是在全部 3 个样本上走一步。课上先跑 100 轮,再跑 1000 轮。"),
    "ch5.reduction": ("loss over the samples", "样本损失的合并方式"),
    "ch5.reduction.sum": ("sum (the lecture)", "求和(课上)"),
    "ch5.reduction.mean": ("mean", "求平均"),
    "ch5.reduction_help": ("The lecture's MSELoss(size_average=False) sums the squared errors; 'mean' divides by "
                           "the 3 samples, so each step is 3 times smaller.",
                           "课上的 MSELoss(size_average=False) 把平方误差求和;“求平均”再除以 3 个样本,"
                           "每一步就小了 3 倍。"),
    "ch5.pace": ("steps per second", "每秒步数"),
    "ch5.predict": ("predict(4)", "predict(4)"),
    "ch5.predict_help": ("The lecture's check: y_test = model(torch.Tensor([[4.0]])); it should reach 8.",
                         "课上的检验:y_test = model(torch.Tensor([[4.0]])),应当接近 8。"),
    "ch5.loss": ("loss", "损失"),
    "ch5.loss_axis": ("loss (log scale)", "损失(对数坐标)"),
    "ch5.loss_title": ("Loss at each epoch", "每轮的损失"),
    "ch5.loss_empty": ("the loss appears here as it trains", "训练开始后损失曲线会显示在这里"),
    "ch5.before": ("before training: press Start or Step", "尚未训练:请按“开始”或“单步”"),
    "ch5.epoch_title": ("epoch {epoch}: w = {w}, b = {b}", "第 {epoch} 轮:w = {w}, b = {b}"),
    "ch5.race": ("The exercise: eight optimizers race", "练习:八个优化器比赛"),
    "ch5.race_intro": ("Every optimizer the lecture names trains the same LinearModel from the same starting "
                       "weights (seed 0). LBFGS re-evaluates the loss several times a step, so it takes a closure.",
                       "课上列出的每个优化器都从同样的初始权重(种子 0)训练同一个 LinearModel。"
                       "LBFGS 每一步要多次重新计算损失,所以需要传入一个闭包 (closure)。"),
    "ch5.race_run": ("Race them", "开始比赛"),
    "ch5.race_running": ("racing…", "比赛中…"),
    "ch5.race_waiting": ("Press “Race them”: all eight train one after the other (a few seconds; LBFGS is the "
                         "slowest).", "按“开始比赛”:八个优化器依次训练(几秒钟;LBFGS 最慢)。"),
    "ch5.race_title.loss": ("Loss by epoch, lr {lr}, {epochs} epochs", "每轮的损失,学习率 {lr},{epochs} 轮"),
    "ch5.race_title.w": ("w by epoch (target 2), lr {lr}", "每轮的 w(目标 2),学习率 {lr}"),
    "ch5.race_title.b": ("b by epoch (target 0), lr {lr}", "每轮的 b(目标 0),学习率 {lr}"),
    "ch5.col.optimizer": ("optimizer", "优化器"),
    "ch5.col.seconds": ("seconds", "秒"),
    "ch5.race_finding": ("At lr 0.01, SGD, ASGD, LBFGS, RMSprop and Rprop reach w ≈ 2, b ≈ 0; Adam, Adamax and "
                         "Adagrad are still far off after 1000 epochs: their steps are about lr in size whatever "
                         "the gradient, so 0.01 is too small for them here. Not a bug: try a larger learning rate. "
                         "All eight took {seconds} s.",
                         "学习率 0.01 时,SGD、ASGD、LBFGS、RMSprop 和 Rprop 都到了 w ≈ 2, b ≈ 0;"
                         "Adam、Adamax 和 Adagrad 1000 轮后还差得远:它们每步的大小约等于学习率,与梯度大小无关,"
                         "这里 0.01 对它们太小。这不是程序错误:试试更大的学习率。八个一共用了 {seconds} 秒。"),
    "ch5.sum_mean": ("Sum or mean: the same loss, a different step", "求和还是求平均:损失一样,步长不同"),
    "ch5.sum_mean_intro": ("The summed loss is {n} times the mean, and so is its gradient. SGD at lr {lr} on the "
                           "sum therefore takes exactly the steps of lr {sum_step} on the mean: the effective step "
                           "grows with the number of samples. (Adam-like optimizers divide the scale away.)",
                           "求和的损失是平均值的 {n} 倍,梯度也是。所以在求和损失上用学习率 {lr} 的 SGD,"
                           "与在平均损失上用学习率 {sum_step} 走的步完全一样:有效步长随样本数增长。"
                           "(Adam 这类优化器会把这个倍数除掉。)"),
    "ch5.sum_at": ("sum, lr {lr}", "求和,学习率 {lr}"),
    "ch5.mean_at": ("mean, lr {lr}", "求平均,学习率 {lr}"),
    "ch5.sum_mean_title": ("w after each SGD step: sum at lr lies on mean at 3·lr",
                           "每步 SGD 后的 w:求和 + lr 与 求平均 + 3·lr 重合"),
}
