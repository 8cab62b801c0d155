"""Chapter 8 page (/mini-batches): Dataset, DataLoader, the batch-size race, the Titanic exercise."""

TEXT = {
    "ch8.nav": ("8 · Mini-batches", "8 · 小批量 (Mini-Batch)"),
    "ch8.home": ("Dataset and DataLoader for real: batch size, shuffle, epoch vs iteration; full batch vs "
                 "mini-batch vs one-at-a-time; then the Titanic exercise.",
                 "真正动手用 Dataset 和 DataLoader:批量大小、打乱 (shuffle)、Epoch 与 Iteration;"
                 "全批量、小批量与逐个样本的对比;最后是泰坦尼克号练习。"),
    "ch8.title": ("8 · Mini-batches: Dataset and DataLoader", "8 · 小批量：Dataset 与 DataLoader"),
    "ch8.intro": (
        "Chapter 7 fed all the diabetes rows to the network at once. Chapter 8 wraps them in a `Dataset` "
        "and lets a `DataLoader` cut each **epoch** (one pass over all training samples) into **batches**; every "
        "batch is one **iteration**: forward, backward, update. Everything below runs the real `DataLoader`.",
        "第 7 讲把糖尿病数据的所有行一次性送进网络。第 8 讲把它们包装成 `Dataset`，再让 `DataLoader` "
        "把每个 **Epoch**（所有训练样本完整地前馈、反向传播一遍）切成若干 **Batch**；每个 Batch 就是一次 "
        "**Iteration（迭代）**：前馈、反向传播、更新权重。下面的一切都由真正的 `DataLoader` 运行。"),
    "ch8.reading_titanic": ("Reading titanic.csv …", "正在读取 titanic.csv …"),
    # the DataLoader settings box
    "ch8.settings": ("**DataLoader settings** · {data}, {n} training samples ({held:.0%} of the rows "
                     "held out for testing)",
                     "**DataLoader 设置** · {data}，{n} 个训练样本（另留出 {held:.0%} 的行作测试集）"),
    "ch8.data.course": ("diabetes data", "糖尿病数据集"),
    "ch8.data.own": ("your table", "你上传的表格"),
    "ch8.batch_size.full": ("full ({n})", "全部（{n}）"),
    "ch8.batch_size.help": ("How many samples go through the network before each weight update.",
                            "每更新一次权重之前，送进网络的样本数（批量大小）。"),
    "ch8.shuffle.help": ("Draw a new random order every epoch (the course shuffles training data).",
                         "每个 Epoch 重新随机打乱顺序（课程中训练数据要打乱，以保证随机性）。"),
    "ch8.drop_last.help": ("Skip the last batch of an epoch when it is smaller than batch_size.",
                           "当一个 Epoch 的最后一个 Batch 不足 batch_size 个样本时，丢掉它。"),
    "ch8.workers.help": ("Extra processes that prepare batches (see the note on Windows).",
                         "额外用来准备 Batch 的进程数（见下方关于 Windows 的说明）。"),
    "ch8.tab.epoch": ("One epoch, batch by batch", "一个 Epoch，逐个 Batch"),
    "ch8.tab.race": ("Full batch vs mini-batch vs stochastic", "全批量、小批量与随机梯度下降"),
    "ch8.tab.titanic": ("Exercise: Titanic", "练习：泰坦尼克号"),
    # tab 1: the arithmetic and the picture
    "ch8.samples": ("Samples in one epoch", "一个 Epoch 的样本数"),
    "ch8.batch_metric": ("Batch-Size", "Batch-Size（批量大小）"),
    "ch8.iterations": ("Iterations per epoch", "每个 Epoch 的迭代次数"),
    "ch8.round.down": ("⌊ ⌋ rounds down: drop_last", "⌊ ⌋ 向下取整：drop_last"),
    "ch8.round.up": ("⌈ ⌉ rounds up: the last batch is smaller", "⌈ ⌉ 向上取整：最后一个 Batch 较小"),
    "ch8.dropped": ("{rounding}: {dropped} samples sit out each epoch (grey below) — a different few each time "
                    "when shuffle is on.",
                    "{rounding}：每个 Epoch 有 {dropped} 个样本轮空（下图灰色）；打开 shuffle 时，每次轮空的样本都不同。"),
    "ch8.last_batch": ("{rounding}: it has {last} samples.", "{rounding}：它只有 {last} 个样本。"),
    "ch8.layout_note": ("Same seed, same order as the training runs on this page. Shuffle on: every epoch draws a "
                        "new order, so each batch is a different random handful. Shuffle off: the batches are the "
                        "same slices of the file every epoch.",
                        "随机种子相同，顺序就与本页的训练完全一样。打开 shuffle：每个 Epoch 重新打乱，每个 Batch "
                        "都是随机抽出的另一小把样本。关闭 shuffle：每个 Epoch 的 Batch 都是文件中相同的那几段。"),
    "ch8.code_intro": ("The chapter's code with these settings:", "本章代码，代入当前设置："),
    "ch8.code_comment": ("{n} times", "{n} 次"),
    "ch8.windows.title": ("num_workers > 0 on Windows: the `if __name__ == '__main__':` guard",
                          "Windows 上 num_workers > 0：`if __name__ == '__main__':` 保护"),
    "ch8.windows.body": (
        "With `num_workers=2` the DataLoader starts two worker processes. Linux copies the running "
        "program (fork); Windows (and macOS) start a fresh Python that **imports your script again**. "
        "Any code at the top level of the script then runs once more in every worker, and PyTorch stops "
        "with a `RuntimeError` about the bootstrapping phase. Put the loop that iterates the loader in "
        "a function and call it under the guard:",
        "`num_workers=2` 时，DataLoader 会启动两个工作进程。Linux 直接复制正在运行的程序（fork）；"
        "Windows（以及 macOS）则启动一个新的 Python，**重新导入你的脚本**。于是脚本最外层的代码会在每个工作进程里"
        "再执行一遍，PyTorch 报出关于 bootstrapping phase 的 `RuntimeError`。解决方法：把迭代 loader 的循环"
        "封装进一个函数，在保护语句下调用它："),
    "ch8.windows.guard_comment": (
        "Windows starts worker processes by re-importing this file:\n"
        "# without the guard, each worker would start training again.",
        "Windows 通过重新导入本文件来启动工作进程：\n"
        "# 没有这句保护，每个工作进程都会重新开始训练。"),
    "ch8.windows.cost": (
        "On data this small, workers cost more than they save: starting them every epoch takes longer than "
        "slicing 32 rows out of a tensor. They pay off when `__getitem__` does real work, such as reading and "
        "decoding image files.",
        "数据这么小时，工作进程得不偿失：每个 Epoch 启动它们，比从张量里切出 32 行还慢。当 `__getitem__` "
        "要做真正的工作（例如读取并解码图片文件）时，它们才划算。"),
    # tab 2: the race
    "ch8.race.intro": (
        "The chapter's trade-off: the **full batch** uses all samples per update — one fast, vectorised step "
        "per epoch, but few steps. **Stochastic** gradient descent (batch 1) updates after every sample — "
        "many cheap, noisy steps whose randomness helps escape saddle points, but slow per epoch. A "
        "**mini-batch** sits in between. Same network (8-6-4-1, sigmoid), same learning rate, same epochs:",
        "本章的权衡：**全批量（Batch）** 每次更新都用全部样本——每个 Epoch 只走一步，向量化计算很快，但步数太少。"
        "**随机梯度下降**（批量大小 1）每个样本更新一次——步子多且便宜，带着噪声，这种随机性有助于越过“鞍点”，"
        "但每个 Epoch 很慢。**小批量（Mini-Batch）** 介于两者之间，兼顾训练时间和训练效果。"
        "同一个网络（8-6-4-1，sigmoid）、同样的学习率、同样的轮数："),
    "ch8.race.epochs": ("epochs", "轮数（epoch）"),
    "ch8.race.lr": ("learning rate (SGD)", "学习率（SGD）"),
    "ch8.race.logx": ("log x axis", "横轴取对数"),
    "ch8.race.logx.help": ("Full batch takes one step per epoch, batch 1 takes hundreds: a log axis shows both.",
                           "全批量每个 Epoch 只走一步，批量大小 1 要走几百步：对数坐标能同时看清两者。"),
    "ch8.race.run": ("Run all three", "三个依次运行"),
    "ch8.race.run.help": ("Runs full batch, then mini-batch, then batch 1, each from the same initial weights.",
                          "先全批量，再小批量，最后批量大小 1，都从同一组初始权重开始。"),
    "ch8.race.stop": ("Stop", "停止"),
    "ch8.race.reset": ("Reset", "重置"),
    "ch8.race.full": ("Full batch", "全批量"),
    "ch8.race.mini": ("Mini-batch", "小批量"),
    "ch8.race.sgd": ("Stochastic (batch 1)", "随机（批量大小 1）"),
    "ch8.race.all": ("all", "全部"),
    "ch8.race.metric": ("{run} · batch {size}", "{run} · 批量大小 {size}"),
    "ch8.race.metric.help": ("BCE loss over all training samples after the last finished epoch.",
                             "最近一个完成的 Epoch 之后，在全部训练样本上的 BCE 损失。"),
    "ch8.race.progress": ("epoch {epoch}/{epochs} · {steps} iterations · {spent}",
                          "第 {epoch}/{epochs} 轮 · {steps} 次迭代 · {spent}"),
    "ch8.status.starting": ("starting …", "正在启动 …"),
    "ch8.status.running": ("running …", "正在训练 …"),
    "ch8.status.paused": ("paused", "已暂停"),
    "ch8.status.stopped": ("stopped", "已停止"),
    "ch8.status.finished": ("finished", "已完成"),
    "ch8.status.diverged": ("diverged", "发散了"),
    "ch8.status.error": ("error", "出错"),
    "ch8.race.caption": (
        "Thin lines: mean loss of the batches in each logged stretch (about 25 per epoch). Thick lines: "
        "loss over all training samples after each epoch. The runs go one after another, so each has the "
        "CPU to itself; time counts the seconds spent in training steps.",
        "细线：每个记录区间内各 Batch 损失的平均值（每个 Epoch 约 25 个点）。粗线：每个 Epoch 结束后在全部训练样本上"
        "的损失。三个训练依次进行，各自独占 CPU；时间只计入训练步骤所花的秒数。"),
    "ch8.race.look.title": ("What to look for", "看点"),
    "ch8.race.look.body": (
        "- **Against iterations**, smaller batches descend per step about as well as big ones — and they "
        "take many more steps per epoch, so after the same number of epochs they are much further down.\n"
        "- **Against time**, a full-batch step is cheap (one matrix product over 576 rows), so it runs many "
        "epochs per second; batch 1 pays Python's per-step overhead 576 times an epoch.\n"
        "- The thin batch-1 line is **noisy**: each step follows one sample's gradient. That noise is what "
        "lets SGD wander out of flat regions and saddle points where the full-batch gradient is ~0.\n"
        "- The chapter's answer: mini-batches keep most of the vectorised speed and enough noise.",
        "- **按迭代次数看**，小批量每一步下降得和大批量差不多——而它每个 Epoch 走的步数多得多，"
        "所以同样的轮数之后，损失低得多。\n"
        "- **按时间看**，全批量的一步很便宜（576 行做一次矩阵乘法），每秒能跑很多个 Epoch；"
        "批量大小 1 每个 Epoch 要付 576 次 Python 的单步开销。\n"
        "- 批量大小 1 的细线 **噪声很大**：每一步只沿一个样本的梯度走。正是这种噪声，让随机梯度下降能走出"
        "全批量梯度几乎为 0 的平坦区域和鞍点。\n"
        "- 本章的结论：小批量既保留了大部分向量化的速度，又有足够的随机性。"),
    "ch8.time.ms": ("{ms:.0f} ms", "{ms:.0f} 毫秒"),
    "ch8.time.s": ("{s:.2f} s", "{s:.2f} 秒"),
    # tab 3: Titanic
    "ch8.titanic.intro": (
        "The chapter's exercise: predict who survived the Titanic. `titanic.csv` has {rows} passengers; "
        "**{missing} have no recorded age**. A network needs numbers in every cell, and numbers that mean "
        "something — so the table is prepared first.",
        "本章的练习：预测泰坦尼克号上谁幸存了下来。`titanic.csv` 共有 {rows} 名乘客，其中 **{missing} 人没有记录年龄**。"
        "网络要求每个格子都是数字，而且数字要有意义——所以先要处理这张表。"),
    "ch8.titanic.only_missing": ("show only passengers with a missing age", "只显示缺少年龄的乘客"),
    "ch8.titanic.age_help": ("empty = not recorded", "空白 = 没有记录"),
    # the columns of titanic.csv: the file's own names, with the meaning added in Chinese
    "ch8.col.name": ("name", "name（姓名）"),
    "ch8.col.pclass": ("pclass", "pclass（舱位等级）"),
    "ch8.col.survived": ("survived", "survived（是否幸存）"),
    "ch8.col.sex": ("sex", "sex（性别）"),
    "ch8.col.age": ("age", "age（年龄）"),
    "ch8.col.sibsp": ("sibsp", "sibsp（兄弟姐妹/配偶）"),
    "ch8.col.parch": ("parch", "parch（父母/子女）"),
    "ch8.titanic.prep": ("Preprocessing: before → after", "预处理：处理前 → 处理后"),
    "ch8.titanic.steps": (
        "1. **Class** 1/2/3 → three one-hot columns `pclass_1..3`: a class is a category, not an amount "
        "(3rd class is not three times 1st class).\n"
        "2. **Sex** → `sex_male` 0/1.\n"
        "3. **Missing age** → the median age of training passengers with the same title in their name "
        "({fill}); a *Master* is a boy, so he should not get a grown man's age.\n"
        "4. **Family size** = siblings/spouses + parents/children + 1, and `is_alone`.\n"
        "5. **Scale** age and family size with the training split's mean and standard deviation "
        "(fitted on the training rows only, so the test rows stay unseen).",
        "1. **舱位等级** 1/2/3 → 三个独热（one-hot）列 `pclass_1..3`：等级是类别，不是数量（三等舱并不是一等舱的三倍）。\n"
        "2. **性别** → `sex_male` 0/1。\n"
        "3. **缺失的年龄** → 用训练集中姓名里头衔相同的乘客的年龄中位数来填（{fill}）；"
        "*Master* 指男孩，不该给他填成年男子的年龄。\n"
        "4. **家庭人数** = 兄弟姐妹/配偶 + 父母/子女 + 1，另加 `is_alone`（是否独自一人）。\n"
        "5. 用训练集的均值和标准差对年龄和家庭人数做 **标准化**（只在训练行上拟合，测试行保持未见过）。"),
    "ch8.titanic.before": ("Before: the first raw rows of the training split", "处理前：训练集的前几行原始数据"),
    "ch8.titanic.after": ("After: the same passengers as the model sees them (age and family size scaled)",
                          "处理后：模型眼中的同一批乘客（年龄和家庭人数已标准化）"),
    "ch8.titanic.encoded": ("The encoded rows before scaling", "标准化之前的编码结果"),
    "ch8.titanic.train": ("Train the classifier", "训练分类器"),
    "ch8.hidden": ("hidden layers", "隐藏层"),
    "ch8.hidden.16-8": ("16 → 8 (default)", "16 → 8（默认）"),
    "ch8.hidden.8": ("8", "8"),
    "ch8.hidden.32-16": ("32 → 16", "32 → 16"),
    "ch8.hidden.none": ("none (logistic regression)", "无（即逻辑斯蒂回归）"),
    "ch8.activation": ("activation", "激活函数"),
    "ch8.optimizer": ("optimizer", "优化器"),
    "ch8.lr": ("learning rate", "学习率"),
    "ch8.epochs": ("epochs", "轮数（epoch）"),
    "ch8.batch": ("batch size", "批量大小"),
    "ch8.full": ("full", "全部"),
    "ch8.train_acc": ("Train accuracy", "训练集准确率"),
    "ch8.test_acc": ("Test accuracy", "测试集准确率"),
    "ch8.test_acc.help": ("{n} passengers the model never trains on.", "模型训练时从未见过的 {n} 名乘客。"),
    "ch8.test_loss": ("Test loss (BCE)", "测试集损失（BCE）"),
    "ch8.curves_title": ("Train and test loss (BCE) and accuracy after each epoch",
                         "每个 Epoch 之后训练集、测试集上的损失（BCE）与准确率"),
    # the passenger form
    "ch8.passenger": ("Would this passenger survive?", "这名乘客能幸存吗？"),
    "ch8.p.class": ("ticket class", "舱位等级"),
    "ch8.p.sex": ("sex", "性别"),
    "ch8.p.female": ("female", "女"),
    "ch8.p.male": ("male", "男"),
    "ch8.p.title": ("title", "头衔"),
    "ch8.p.title.guess": ("guess from sex and age", "按性别和年龄推断"),
    "ch8.p.title.Mr": ("Mr", "Mr（先生）"),
    "ch8.p.title.Mrs": ("Mrs", "Mrs（夫人）"),
    "ch8.p.title.Miss": ("Miss", "Miss（小姐）"),
    "ch8.p.title.Master": ("Master", "Master（男孩）"),
    "ch8.p.title.Rare": ("Rare", "Rare（少见的头衔）"),
    "ch8.p.age": ("age (years)", "年龄（岁）"),
    "ch8.p.age_unknown": ("age unknown", "年龄未知"),
    "ch8.p.age_unknown.help": ("Filled in like the training rows: the median age for the title.",
                               "像训练数据一样填补：用该头衔的年龄中位数。"),
    "ch8.p.sibsp": ("siblings/spouses aboard", "同船的兄弟姐妹/配偶"),
    "ch8.p.parch": ("parents/children aboard", "同船的父母/子女"),
    "ch8.p.predict": ("Predict", "预测"),
    "ch8.p.untrained": ("Train the classifier first (at least one epoch): the prediction uses its weights.",
                        "请先训练分类器（至少一个 Epoch）：预测要用到它的权重。"),
    "ch8.p.check": ("Check the passenger: {error}", "请检查乘客信息：{error}"),
    "ch8.p.survives": ("survives", "能幸存"),
    "ch8.p.dies": ("does not survive", "不能幸存"),
    "ch8.p.metric": ("P(survived)", "P(幸存)"),
    "ch8.p.model_after": ("Model after epoch {epoch}.", "第 {epoch} 轮之后的模型。"),
    "ch8.p.verdict": ("The model says this passenger **{verdict}** (threshold 50%, model after epoch {epoch}).",
                      "模型认为这名乘客 **{verdict}**（阈值 50%，第 {epoch} 轮之后的模型）。"),
}
