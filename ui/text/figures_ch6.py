"""Chart text of ui/figures_ch6.py (regression vs classification, sigmoid, BCE vs MSE, the fitted curve)."""

TEXT = {
    "figures_ch6.regression": ("Regression 回归: predict a number", "回归:预测一个数值"),
    "figures_ch6.classification": ("Classification 分类: predict a class", "分类:预测一个类别"),
    "figures_ch6.score": ("exam score", "考试分数"),
    "figures_ch6.passed": ("passed?", "是否通过?"),
    "figures_ch6.pass": ("pass", "通过"),
    "figures_ch6.fail": ("fail", "不通过"),
    "figures_ch6.hours": ("hours studied", "学习时长(小时)"),
    "figures_ch6.slope": ("σ′(wx + b), slope (max 0.25)", "σ′(wx + b),斜率(最大 0.25)"),
    "figures_ch6.data": ("hours → pass data", "学习时长 → 是否通过 数据"),
    "figures_ch6.saturated": ("grey: saturated (|wx + b| > {z}), slope ≈ 0 → gradients vanish",
                              "灰色:饱和区 (|wx + b| > {z}),斜率 ≈ 0 → 梯度消失"),
    "figures_ch6.prediction": ("prediction ŷ", "预测值 ŷ"),
    "figures_ch6.threshold": ("0.5 threshold", "0.5 阈值"),
    "figures_ch6.linear": ("linear regression (MSE, no σ)", "线性回归(MSE,无 σ)"),
    "figures_ch6.logistic": ("logistic regression σ(wx + b)", "逻辑斯蒂回归 σ(wx + b)"),
    "figures_ch6.students": ("students (0 fail, 1 pass)", "学生(0 不通过,1 通过)"),
    "figures_ch6.question": ("your question", "你的提问"),
    "figures_ch6.p_axis": ("P(pass | hours)", "P(通过 | 学习时长)"),
}
