"""Text of the app shell (navigation, sidebar, link sharing, lecture mode) and of the home, chapter 6 and
chapter 7 pages and their figures. Chapter terms follow the course notes (逻辑斯蒂回归, 损失, 学习率, ...)."""

TEXT = {
    # ---------------------------------------------------------------- shell
    "i18n-a.language": ("Language · 语言", "语言 · Language"),
    "i18n-a.nav.home": ("Home", "首页"),
    "i18n-a.nav.ch6": ("6 · Logistic regression", "6 · 逻辑斯蒂回归"),
    "i18n-a.nav.ch7": ("7 · Multiple features", "7 · 处理多维输入"),
    "i18n-a.nav.ch8": ("8 · Mini-batches", "8 · 小批量 (Mini-Batch)"),
    "i18n-a.nav.ch9": ("9 · Softmax on MNIST", "9 · Softmax 与 MNIST 多分类"),
    "i18n-a.nav.draw": ("Draw a digit", "手写一个数字"),
    "i18n-a.lecture.toggle": ("Lecture mode", "授课模式"),
    "i18n-a.lecture.help": ("For a projector: larger text and charts, seed and pace controls hidden. "
                            "Links keep it as ?lecture=1.",
                            "投影用:更大的文字和图表,隐藏随机种子和速度等次要控件。链接中以 ?lecture=1 保留。"),
    "i18n-a.share.link": ("Link to this page with these settings (copy button on the right):",
                          "本页及当前设置的链接(右侧有复制按钮):"),
    "i18n-a.share.refused": ("The link's setting {setting} = {value} is not allowed here (out of range or not an "
                             "option); the default is used instead.",
                             "链接中的设置 {setting} = {value} 在此无效(超出范围或不是可选项),已改用默认值。"),
    "i18n-a.device.cpu": ("CPU ({cores} cores)", "CPU({cores} 核)"),
    "i18n-a.sidebar.device": ("Training on **{device}**", "训练设备:**{device}**"),
    "i18n-a.sidebar.missing": ("Missing data: {names}. Run `make run` (or `python -m core.data fetch`).",
                               "缺少数据:{names}。请运行 `make run`(或 `python -m core.data fetch`)。"),
    "i18n-a.sidebar.course": ("Course: 《PyTorch深度学习实践》 chapters 6–9", "课程:《PyTorch深度学习实践》第 6–9 讲"),
}

TEXT |= {
    # ---------------------------------------------------------------- figures every page uses
    "i18n-a.fig.epoch": ("epoch", "轮数 (epoch)"),
    "i18n-a.fig.step": ("step", "步数 (step)"),
    "i18n-a.fig.loss": ("loss", "损失"),
    "i18n-a.fig.accuracy": ("accuracy", "准确率"),
    "i18n-a.fig.train": ("train", "训练集"),
    "i18n-a.fig.test": ("test", "测试集"),
    "i18n-a.fig.previous_run": ("previous run", "上一次训练"),
    # ---------------------------------------------------------------- chapter 6 figures
    "i18n-a.ch6fig.regression": ("Regression 回归: predict a number", "回归:预测一个数值"),
    "i18n-a.ch6fig.classification": ("Classification 分类: predict a class", "分类:预测一个类别"),
    "i18n-a.ch6fig.score": ("exam score", "考试分数"),
    "i18n-a.ch6fig.passed": ("passed?", "是否通过?"),
    "i18n-a.ch6fig.pass": ("pass", "通过"),
    "i18n-a.ch6fig.fail": ("fail", "不通过"),
    "i18n-a.ch6fig.hours": ("hours studied", "学习时长(小时)"),
    "i18n-a.ch6fig.slope": ("σ′(wx + b), slope (max 0.25)", "σ′(wx + b),斜率(最大 0.25)"),
    "i18n-a.ch6fig.data": ("hours → pass data", "学习时长 → 是否通过 数据"),
    "i18n-a.ch6fig.saturated": ("grey: saturated (|wx + b| > {z}), slope ≈ 0 → gradients vanish",
                                "灰色:饱和区 (|wx + b| > {z}),斜率 ≈ 0 → 梯度消失"),
    "i18n-a.ch6fig.prediction": ("prediction ŷ", "预测值 ŷ"),
    "i18n-a.ch6fig.threshold": ("0.5 threshold", "0.5 阈值"),
    "i18n-a.ch6fig.linear": ("linear regression (MSE, no σ)", "线性回归(MSE,无 σ)"),
    "i18n-a.ch6fig.logistic": ("logistic regression σ(wx + b)", "逻辑斯蒂回归 σ(wx + b)"),
    "i18n-a.ch6fig.students": ("students (0 fail, 1 pass)", "学生(0 不通过,1 通过)"),
    "i18n-a.ch6fig.question": ("your question", "你的提问"),
    # ---------------------------------------------------------------- chapter 7 figures
    "i18n-a.ch7fig.label0": ("no diabetes (0)", "无糖尿病 (0)"),
    "i18n-a.ch7fig.label1": ("diabetes (1)", "糖尿病 (1)"),
    "i18n-a.ch7fig.people": ("people", "人"),
    "i18n-a.ch7fig.own_label0": ("label 0", "标签 0"),
    "i18n-a.ch7fig.own_label1": ("label 1", "标签 1"),
    "i18n-a.ch7fig.rows": ("rows", "行"),
    "i18n-a.ch7fig.own_output_name": ("P(label = 1)", "P(标签 = 1)"),
    "i18n-a.ch7fig.zscore": ("z-score (train mean 0, std 1)", "标准分 z(训练集均值 0,标准差 1)"),
    "i18n-a.ch7fig.raw": ("raw units", "原始单位"),
    "i18n-a.ch7fig.positive": ("positive weight", "正权重"),
    "i18n-a.ch7fig.negative": ("negative weight", "负权重"),
    "i18n-a.ch7fig.input_unit": ("input {n}", "输入 {n}"),
    "i18n-a.ch7fig.hidden_unit": ("hidden layer {layer}, unit {n} ({activation})",
                                  "第 {layer} 隐藏层,第 {n} 个单元({activation})"),
    "i18n-a.ch7fig.input": ("input", "输入层"),
    "i18n-a.ch7fig.output": ("output", "输出层"),
    "i18n-a.ch7fig.hidden": ("hidden {layer}", "隐藏层 {layer}"),
    "i18n-a.ch7fig.output_name": ("P(diabetes)", "P(糖尿病)"),
    "i18n-a.ch7fig.mean_w": ("mean |w| per input feature", "每个输入特征的平均 |w|"),
    "i18n-a.ch7fig.mean_w_short": ("mean |w|", "平均 |w|"),
    "i18n-a.ch7fig.w1": ("first-layer weights W₁ (unit × feature)", "第一层权重 W₁(单元 × 特征)"),
    "i18n-a.ch7fig.unit": ("unit {n}", "单元 {n}"),
}

TEXT |= {
    # ---------------------------------------------------------------- home
    "i18n-a.home.intro": ("A visual playground for 《PyTorch深度学习实践》 chapters 6–9: move a slider, and a real "
                          "PyTorch training loop answers with live charts.",
                          "《PyTorch深度学习实践》第 6–9 讲的可视化实验场:拖动滑块,真实的 PyTorch "
                          "训练循环就会用实时图表回应你。"),
    "i18n-a.home.ch6": ("Squash a line through a sigmoid to get a probability; see why BCE, not MSE, is the loss "
                        "for classification, on the course's hours → pass data.",
                        "把一条直线压进 sigmoid 得到概率;用课程中“学习时长 → 是否通过”的数据,"
                        "看看分类问题为什么用 BCE 而不是 MSE 作为损失函数。"),
    "i18n-a.home.ch7": ("Eight diabetes measurements in, one probability out: build the 8-6-4-1 network, watch its "
                        "weights learn, and see too many layers overfit.",
                        "输入 8 项糖尿病检测指标,输出一个概率:搭建 8-6-4-1 网络,观察权重如何学习,"
                        "并看到层数过多时的过拟合。"),
    "i18n-a.home.ch8": ("Dataset and DataLoader for real: batch size, shuffle, epoch vs iteration; full batch vs "
                        "mini-batch vs one-at-a-time; then the Titanic exercise.",
                        "真正动手用 Dataset 和 DataLoader:批量大小、打乱 (shuffle)、Epoch 与 Iteration;"
                        "全批量、小批量与逐个样本的对比;最后是泰坦尼克号练习。"),
    "i18n-a.home.ch9": ("Ten classes: softmax and cross-entropy by hand, then train the course's MNIST network "
                        "(or a CNN) live with a confusion matrix of its mistakes.",
                        "十个类别:手算 softmax 和交叉熵,再实时训练课程中的 MNIST 网络(或 CNN),"
                        "用混淆矩阵查看它的错误。"),
    "i18n-a.home.draw": ("Draw with the mouse and watch the trained models read your handwriting, step by step.",
                         "用鼠标写一个数字,一步步看训练好的模型如何识别你的手写体。"),
    "i18n-a.dataset.MNIST": ("MNIST", "MNIST"),
    "i18n-a.dataset.diabetes": ("diabetes", "糖尿病数据集"),
    "i18n-a.dataset.Titanic": ("Titanic", "泰坦尼克号数据集"),
    "i18n-a.home.machine": ("This machine", "本机状态"),
    "i18n-a.home.device": ("Training device", "训练设备"),
    "i18n-a.home.ready": ("✅ **{name}** ready", "✅ **{name}** 已就绪"),
    "i18n-a.home.missing": ("❌ **{name}** missing: run `make run`", "❌ **{name}** 缺失:请运行 `make run`"),
}

TEXT |= {
    # ---------------------------------------------------------------- chapter 6 page
    "i18n-a.ch6fig.p_axis": ("P(pass | hours)", "P(通过 | 学习时长)"),
    "i18n-a.ch6.title": ("6 · Logistic regression 逻辑斯蒂回归", "6 · 逻辑斯蒂回归 (Logistic Regression)"),
    "i18n-a.ch6.intro": ("Regression predicts a **number**; classification predicts a **class**. Logistic regression "
                         "answers a yes/no question with a probability: *will I pass after x hours of study?*",
                         "回归问题预测一个**数值**;分类问题预测一个**类别**。逻辑斯蒂回归虽然叫“回归”,"
                         "处理的却是分类问题:它用一个概率回答是/否的问题——*学习 x 小时后能通过考试吗?*"),
    "i18n-a.ch6.sigmoid": ("The sigmoid squashes any number into (0, 1)", "sigmoid 把任意实数映射到 (0, 1)"),
    "i18n-a.ch6.w": ("weight w", "权重 w"),
    "i18n-a.ch6.b": ("bias b", "偏置 b"),
    "i18n-a.ch6.hand_fit": ("BCE of your curve on the 3 students", "你的曲线在 3 名学生上的 BCE"),
    "i18n-a.ch6.hand_fit_help": ("Try w ≈ 2, b ≈ −5: the curve crosses 0.5 between 2 and 3 hours.",
                                 "试试 w ≈ 2, b ≈ −5:曲线在 2 到 3 小时之间穿过 0.5。"),
    "i18n-a.ch6.saturation": ("Far from its centre the curve is flat (saturated 饱和): its slope, and so the gradient "
                              "that training follows, is almost zero.",
                              "远离中心处曲线变平(饱和函数):它的斜率,也就是训练所依赖的梯度,几乎为零。"),
    "i18n-a.ch6.bce": ("BCE, not MSE: a confident wrong answer must cost a lot",
                       "用 BCE 而不是 MSE:自信的错误答案必须付出高昂代价"),
    "i18n-a.ch6.y_hat": ("prediction ŷ", "预测值 ŷ"),
    "i18n-a.ch6.bce_caption": ("If the truth is y = 1, BCE charges **{bce}** and MSE **{mse}**. Near ŷ = 0 BCE shoots "
                               "up while MSE stays below 1, so a sigmoid trained with MSE learns slowly from its "
                               "worst mistakes.",
                               "若真实值 y = 1,BCE 的损失是 **{bce}**,MSE 是 **{mse}**。ŷ 接近 0 时 BCE 急剧上升,"
                               "而 MSE 始终小于 1,所以用 MSE 训练的 sigmoid 从最严重的错误中学得很慢。"),
    "i18n-a.ch6.train": ("Train it: P(pass | hours) live", "动手训练:实时拟合 P(通过 | 学习时长)"),
    "i18n-a.ch6.train_caption": ("Only two differences from linear regression 与线性回归只有两处不同: a **sigmoid** "
                                 "after the linear function, and **BCE** instead of MSE. Turn on *compare* to train "
                                 "both on the same data.",
                                 "与线性回归只有两处不同:线性函数后加上了 **sigmoid**,损失函数由 MSE 换成 **BCE**。"
                                 "打开“对比”开关,可在同一数据上同时训练两者。"),
    "i18n-a.ch6.epochs_help": ("Full batch: one epoch is one step over all 3 students.",
                               "全批量:一轮 (epoch) 就是在全部 3 名学生上走一步。"),
    "i18n-a.ch6.pace": ("steps per second", "每秒步数"),
    "i18n-a.ch6.pace_help": ("Slows the tiny model down so you can watch each step.",
                             "让这个小模型放慢速度,便于看清每一步。"),
    "i18n-a.ch6.band": ("“uncertain” band around 0.5", "0.5 附近的“不确定”区间"),
    "i18n-a.ch6.band_help": ("Within this distance of 0.5 the answer is “uncertain 不确定” (the chapter's 6.2).",
                             "概率与 0.5 的距离在此范围内时,输出“不确定”(课程 6.2 节)。"),
    "i18n-a.ch6.hours": ("hours → probability", "学习时长 → 概率"),
    "i18n-a.ch6.compare": ("compare with linear regression (MSE, no sigmoid)", "对比线性回归(MSE,无 sigmoid)"),
    "i18n-a.ch6.linear_problem": ("Linear regression: {message}", "线性回归:{message}"),
    "i18n-a.ch6.before": ("before training: press Start or Step", "尚未训练:请按“开始”或“单步”"),
    "i18n-a.ch6.epoch_title": ("epoch {epoch}: w = {w}, b = {b}", "第 {epoch} 轮:w = {w}, b = {b}"),
    "i18n-a.ch6.logistic_bce": ("logistic: BCE", "逻辑斯蒂回归:BCE"),
    "i18n-a.ch6.linear_mse": ("linear: MSE", "线性回归:MSE"),
    "i18n-a.ch6.step_axis": ("step (= epoch, full batch)", "步数(= 轮数,全批量)"),
    "i18n-a.ch6.loss_title": ("Loss", "损失"),
    "i18n-a.ch6.loss_empty": ("the loss appears here as it trains", "训练开始后损失曲线会显示在这里"),
    "i18n-a.ch6.readout": ("**P(pass | {hours} h) = {p}**", "**P(通过 | {hours} 小时) = {p}**"),
    "i18n-a.ch6.pass": ("pass", "通过"),
    "i18n-a.ch6.fail": ("fail", "不通过"),
    "i18n-a.ch6.uncertain": ("uncertain 不确定", "不确定"),
}

TEXT |= {
    # ---------------------------------------------------------------- chapter 7 page
    "i18n-a.feature.pregnant": ("pregnant", "怀孕次数"),
    "i18n-a.feature.glucose": ("glucose", "血糖"),
    "i18n-a.feature.pressure": ("pressure", "血压"),
    "i18n-a.feature.triceps": ("triceps", "皮褶厚度"),
    "i18n-a.feature.insulin": ("insulin", "胰岛素"),
    "i18n-a.feature.mass": ("mass", "体重指数"),
    "i18n-a.feature.pedigree": ("pedigree", "家族病史"),
    "i18n-a.feature.age": ("age", "年龄"),
    "i18n-a.feature.diabetes": ("diabetes", "糖尿病"),
    "i18n-a.ch7.title": ("7 · Multiple features 处理多维输入", "7 · 处理多维输入 (Multiple Features)"),
    "i18n-a.ch7.intro": ("Each **sample** 样本 is one person, each **feature** 特征 one measurement: eight numbers in, "
                         "one probability of diabetes out. `Linear(8, 6)` turns 8 features into 6 in one matrix "
                         "product.",
                         "每个**样本**是一个人,每个**特征**是一项检测指标:输入 8 个数,输出患糖尿病的概率。"
                         "`Linear(8, 6)` 用一次矩阵乘法把 8 个特征变成 6 个(向量化计算)。"),
    "i18n-a.ch7.data": ("The data: 8 features, 1 label", "数据集:8 个特征,1 个标签"),
    "i18n-a.ch7.data_caption": ("This table is in raw units (glucose in mg/dL, age in years, …); the course's own "
                                "diabetes.csv.gz had every column rescaled to [-1, 1], which its code relies on.",
                                "此表为原始单位(血糖单位 mg/dL,年龄单位为岁,……);课程自带的 diabetes.csv.gz "
                                "已把每一列缩放到 [-1, 1],课程代码依赖这一点。"),
    "i18n-a.ch7.standardise": ("standardise features", "特征标准化"),
    "i18n-a.ch7.standardise_help": ("Subtract each feature's mean and divide by its std, fitted on the training split.",
                                    "每个特征减去均值再除以标准差(均值和标准差取自训练集)。"),
    "i18n-a.ch7.test_share": ("test share", "测试集比例"),
    "i18n-a.ch7.test_share_help": ("People held out to measure overfitting; the rest train the model.",
                                   "留出这部分人用来衡量过拟合,其余的人用来训练模型。"),
    "i18n-a.ch7.counts": ("{people} people, {sick} with diabetes. Histograms show the training split on the scale "
                          "the network sees: raw glucose (~120) pushes a sigmoid deep into its flat region.",
                          "共 {people} 人,其中 {sick} 人患糖尿病。直方图显示训练集在网络实际看到的尺度上的分布:"
                          "原始血糖值(约 120)会把 sigmoid 推进它平坦的饱和区。"),
    "i18n-a.ch7.build": ("Build the network, then train it", "搭建网络,然后训练"),
    "i18n-a.ch7.layers": ("hidden layers", "隐藏层数"),
    "i18n-a.ch7.layers_help": ("0 hidden layers is logistic regression on all 8 features.",
                               "0 个隐藏层就是在全部 8 个特征上做逻辑斯蒂回归。"),
    "i18n-a.ch7.activation": ("activation", "激活函数"),
    "i18n-a.ch7.width": ("layer {n} width", "第 {n} 层宽度"),
    "i18n-a.ch7.parameters": ("parameters (weights + biases)", "参数量(权重 + 偏置)"),
    "i18n-a.ch7.epochs_help": ("Full batch, as in the course: one epoch is one step over all training people.",
                               "与课程一样使用全批量:一轮 (epoch) 就是在全部训练样本上走一步。"),
    "i18n-a.ch7.pace": ("epochs per second", "每秒轮数"),
    "i18n-a.ch7.seed_help": ("Weight initialisation and the train/test split.", "决定权重初始化和训练集/测试集划分。"),
    "i18n-a.ch7.field.hidden": ("hidden", "隐藏层"),
    "i18n-a.ch7.field.data": ("data", "数据"),
    "i18n-a.ch7.data.own": ("your table", "你的数据表"),
    "i18n-a.ch7.data.course": ("the course's table", "课程的数据表"),
    "i18n-a.ch7.field.activation": ("activation", "激活函数"),
    "i18n-a.ch7.field.optimizer": ("optimizer", "优化器"),
    "i18n-a.ch7.field.lr": ("lr", "学习率"),
    "i18n-a.ch7.field.standardise": ("standardise", "标准化"),
    "i18n-a.ch7.field.epochs": ("epochs", "轮数"),
    "i18n-a.ch7.field.seed": ("seed", "随机种子"),
    "i18n-a.ch7.field.test_fraction": ("test_fraction", "测试集比例"),
    "i18n-a.ch7.before": ("before ({changed})", "之前({changed})"),
    "i18n-a.ch7.curves": ("Train vs test", "训练集 vs 测试集"),
    "i18n-a.ch7.curves_epoch": (" · epoch {epoch}: test accuracy {acc}", " · 第 {epoch} 轮:测试集准确率 {acc}"),
    "i18n-a.ch7.net_title": ("{widths}, {activation}: blue +, red −, thick = large |w|",
                             "{widths},{activation}:蓝 +,红 −,越粗 |w| 越大"),
    "i18n-a.ch7.net_empty": ("The network (weights appear once it trains)", "网络结构(开始训练后显示权重)"),
    "i18n-a.ch7.raw_caption": ("Raw units: a feature with big numbers (insulin, glucose) needs only small weights, so "
                               "compare these bars with standardisation on.",
                               "原始单位:数值大的特征(胰岛素、血糖)只需很小的权重,请与打开标准化时的条形图对比。"),
}
