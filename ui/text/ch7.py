"""Chapter 7 page (/multiple-features): the diabetes table, building the network, training it."""

TEXT = {
    "ch7.feature.pregnant": ("pregnant", "怀孕次数"),
    "ch7.feature.glucose": ("glucose", "血糖"),
    "ch7.feature.pressure": ("pressure", "血压"),
    "ch7.feature.triceps": ("triceps", "皮褶厚度"),
    "ch7.feature.insulin": ("insulin", "胰岛素"),
    "ch7.feature.mass": ("mass", "体重指数"),
    "ch7.feature.pedigree": ("pedigree", "家族病史"),
    "ch7.feature.age": ("age", "年龄"),
    "ch7.feature.diabetes": ("diabetes", "糖尿病"),
    "ch7.nav": ("7 · Multiple features", "7 · 处理多维输入"),
    "ch7.home": ("Eight diabetes measurements in, one probability out: build the 8-6-4-1 network, watch its "
                 "weights learn, and see too many layers overfit.",
                 "输入 8 项糖尿病检测指标,输出一个概率:搭建 8-6-4-1 网络,观察权重如何学习,"
                 "并看到层数过多时的过拟合。"),
    "ch7.title": ("7 · Multiple features 处理多维输入", "7 · 处理多维输入 (Multiple Features)"),
    "ch7.intro": ("Each **sample** 样本 is one person, each **feature** 特征 one measurement: eight numbers in, "
                  "one probability of diabetes out. `Linear(8, 6)` turns 8 features into 6 in one matrix "
                  "product.",
                  "每个**样本**是一个人,每个**特征**是一项检测指标:输入 8 个数,输出患糖尿病的概率。"
                  "`Linear(8, 6)` 用一次矩阵乘法把 8 个特征变成 6 个(向量化计算)。"),
    "ch7.data": ("The data: 8 features, 1 label", "数据集:8 个特征,1 个标签"),
    "ch7.data_look": ("The table and each feature's histogram", "数据表和每个特征的直方图"),
    "ch7.data_caption": ("This table is in raw units (glucose in mg/dL, age in years, …); the course's own "
                         "diabetes.csv.gz had every column rescaled to [-1, 1], which its code relies on.",
                         "此表为原始单位(血糖单位 mg/dL,年龄单位为岁,……);课程自带的 diabetes.csv.gz "
                         "已把每一列缩放到 [-1, 1],课程代码依赖这一点。"),
    "ch7.standardise": ("standardise features", "特征标准化"),
    "ch7.standardise_help": ("Subtract each feature's mean and divide by its std, fitted on the training split.",
                             "每个特征减去均值再除以标准差(均值和标准差取自训练集)。"),
    "ch7.test_share": ("test share", "测试集比例"),
    "ch7.test_share_help": ("People held out to measure overfitting; the rest train the model.",
                            "留出这部分人用来衡量过拟合,其余的人用来训练模型。"),
    "ch7.counts": ("{people} people, {sick} with diabetes. Histograms show the training split on the scale "
                   "the network sees: raw glucose (~120) pushes a sigmoid deep into its flat region.",
                   "共 {people} 人,其中 {sick} 人患糖尿病。直方图显示训练集在网络实际看到的尺度上的分布:"
                   "原始血糖值(约 120)会把 sigmoid 推进它平坦的饱和区。"),
    "ch7.build": ("Build the network, then train it", "搭建网络,然后训练"),
    "ch7.layers": ("hidden layers", "隐藏层数"),
    "ch7.layers_help": ("0 hidden layers is logistic regression on all 8 features.",
                        "0 个隐藏层就是在全部 8 个特征上做逻辑斯蒂回归。"),
    "ch7.activation": ("activation", "激活函数"),
    "ch7.width": ("layer {n} width", "第 {n} 层宽度"),
    "ch7.parameters": ("parameters (weights + biases)", "参数量(权重 + 偏置)"),
    "ch7.epochs_help": ("Full batch, as in the course: one epoch is one step over all training people.",
                        "与课程一样使用全批量:一轮 (epoch) 就是在全部训练样本上走一步。"),
    "ch7.pace": ("epochs per second", "每秒轮数"),
    "ch7.seed_help": ("Weight initialisation and the train/test split.", "决定权重初始化和训练集/测试集划分。"),
    "ch7.field.hidden": ("hidden", "隐藏层"),
    "ch7.field.data": ("data", "数据"),
    "ch7.data.own": ("your table", "你的数据表"),
    "ch7.data.course": ("the course's table", "课程的数据表"),
    "ch7.field.activation": ("activation", "激活函数"),
    "ch7.field.optimizer": ("optimizer", "优化器"),
    "ch7.field.lr": ("lr", "学习率"),
    "ch7.field.standardise": ("standardise", "标准化"),
    "ch7.field.epochs": ("epochs", "轮数"),
    "ch7.field.seed": ("seed", "随机种子"),
    "ch7.field.test_fraction": ("test_fraction", "测试集比例"),
    "ch7.before": ("before ({changed})", "之前({changed})"),
    "ch7.curves": ("Train vs test", "训练集 vs 测试集"),
    "ch7.curves_epoch": (" · epoch {epoch}: test accuracy {acc}", " · 第 {epoch} 轮:测试集准确率 {acc}"),
    "ch7.net_title": ("{widths}, {activation}: blue +, red −, thick = large |w|",
                      "{widths},{activation}:蓝 +,红 −,越粗 |w| 越大"),
    "ch7.net_empty": ("The network (weights appear once it trains)", "网络结构(开始训练后显示权重)"),
    "ch7.raw_caption": ("Raw units: a feature with big numbers (insulin, glucose) needs only small weights, so "
                        "compare these bars with standardisation on.",
                        "原始单位:数值大的特征(胰岛素、血糖)只需很小的权重,请与打开标准化时的条形图对比。"),
}
