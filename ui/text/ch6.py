"""Chapter 6 page (/logistic-regression): sigmoid, BCE, training logistic against linear regression.
Chapter terms follow the course notes (逻辑斯蒂回归, 损失, 学习率, ...)."""

TEXT = {
    "ch6.nav": ("6 · Logistic regression", "6 · 逻辑斯蒂回归"),
    "ch6.home": ("Squash a line through a sigmoid to get a probability; see why BCE, not MSE, is the loss "
                 "for classification, on the course's hours → pass data.",
                 "把一条直线压进 sigmoid 得到概率;用课程中“学习时长 → 是否通过”的数据,"
                 "看看分类问题为什么用 BCE 而不是 MSE 作为损失函数。"),
    "ch6.title": ("6 · Logistic regression 逻辑斯蒂回归", "6 · 逻辑斯蒂回归 (Logistic Regression)"),
    "ch6.intro": ("Regression predicts a **number**; classification predicts a **class**. Logistic regression "
                  "answers a yes/no question with a probability: *will I pass after x hours of study?*",
                  "回归问题预测一个**数值**;分类问题预测一个**类别**。逻辑斯蒂回归虽然叫“回归”,"
                  "处理的却是分类问题:它用一个概率回答是/否的问题——*学习 x 小时后能通过考试吗?*"),
    "ch6.sigmoid": ("The sigmoid squashes any number into (0, 1)", "sigmoid 把任意实数映射到 (0, 1)"),
    "ch6.w": ("weight w", "权重 w"),
    "ch6.b": ("bias b", "偏置 b"),
    "ch6.hand_fit": ("BCE of your curve on the 3 students", "你的曲线在 3 名学生上的 BCE"),
    "ch6.hand_fit_help": ("Try w ≈ 2, b ≈ −5: the curve crosses 0.5 between 2 and 3 hours.",
                          "试试 w ≈ 2, b ≈ −5:曲线在 2 到 3 小时之间穿过 0.5。"),
    "ch6.saturation": ("Far from its centre the curve is flat (saturated 饱和): its slope, and so the gradient "
                       "that training follows, is almost zero.",
                       "远离中心处曲线变平(饱和函数):它的斜率,也就是训练所依赖的梯度,几乎为零。"),
    "ch6.bce": ("BCE, not MSE: a confident wrong answer must cost a lot",
                "用 BCE 而不是 MSE:自信的错误答案必须付出高昂代价"),
    "ch6.y_hat": ("prediction ŷ", "预测值 ŷ"),
    "ch6.bce_caption": ("If the truth is y = 1, BCE charges **{bce}** and MSE **{mse}**. Near ŷ = 0 BCE shoots "
                        "up while MSE stays below 1, so a sigmoid trained with MSE learns slowly from its "
                        "worst mistakes.",
                        "若真实值 y = 1,BCE 的损失是 **{bce}**,MSE 是 **{mse}**。ŷ 接近 0 时 BCE 急剧上升,"
                        "而 MSE 始终小于 1,所以用 MSE 训练的 sigmoid 从最严重的错误中学得很慢。"),
    "ch6.train": ("Train it: P(pass | hours) live", "动手训练:实时拟合 P(通过 | 学习时长)"),
    "ch6.train_caption": ("Only two differences from linear regression 与线性回归只有两处不同: a **sigmoid** "
                          "after the linear function, and **BCE** instead of MSE. Turn on *compare* to train "
                          "both on the same data.",
                          "与线性回归只有两处不同:线性函数后加上了 **sigmoid**,损失函数由 MSE 换成 **BCE**。"
                          "打开“对比”开关,可在同一数据上同时训练两者。"),
    "ch6.epochs_help": ("Full batch: one epoch is one step over all 3 students.",
                        "全批量:一轮 (epoch) 就是在全部 3 名学生上走一步。"),
    "ch6.pace": ("steps per second", "每秒步数"),
    "ch6.pace_help": ("Slows the tiny model down so you can watch each step.",
                      "让这个小模型放慢速度,便于看清每一步。"),
    "ch6.band": ("“uncertain” band around 0.5", "0.5 附近的“不确定”区间"),
    "ch6.band_help": ("Within this distance of 0.5 the answer is “uncertain 不确定” (the chapter's 6.2).",
                      "概率与 0.5 的距离在此范围内时,输出“不确定”(课程 6.2 节)。"),
    "ch6.hours": ("hours → probability", "学习时长 → 概率"),
    "ch6.compare": ("compare with linear regression (MSE, no sigmoid)", "对比线性回归(MSE,无 sigmoid)"),
    "ch6.linear_problem": ("Linear regression: {message}", "线性回归:{message}"),
    "ch6.before": ("before training: press Start or Step", "尚未训练:请按“开始”或“单步”"),
    "ch6.epoch_title": ("epoch {epoch}: w = {w}, b = {b}", "第 {epoch} 轮:w = {w}, b = {b}"),
    "ch6.logistic_bce": ("logistic: BCE", "逻辑斯蒂回归:BCE"),
    "ch6.linear_mse": ("linear: MSE", "线性回归:MSE"),
    "ch6.step_axis": ("step (= epoch, full batch)", "步数(= 轮数,全批量)"),
    "ch6.loss_title": ("Loss", "损失"),
    "ch6.loss_empty": ("the loss appears here as it trains", "训练开始后损失曲线会显示在这里"),
    "ch6.readout": ("**P(pass | {hours} h) = {p}**", "**P(通过 | {hours} 小时) = {p}**"),
    "ch6.pass": ("pass", "通过"),
    "ch6.fail": ("fail", "不通过"),
    "ch6.uncertain": ("uncertain 不确定", "不确定"),
}
