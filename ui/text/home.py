"""Home page (pages/home.py): what each chapter shows and what this machine has ready."""

TEXT = {
    "home.intro": ("A visual playground for 《PyTorch深度学习实践》 chapters 6–10: move a slider, and a real "
                   "PyTorch training loop answers with live charts.",
                   "《PyTorch深度学习实践》第 6–10 讲的可视化实验场:拖动滑块,真实的 PyTorch "
                   "训练循环就会用实时图表回应你。"),
    "home.ch2": ("Guess w for ŷ = x·w and see each squared error; search every w to draw the cost curve; turn the "
                 "cost surface over (w, b) and edit the data under it.",
                 "为 ŷ = x·w 猜一个 w,看每个样本的平方误差;穷举每个 w 画出代价曲线;旋转 (w, b) 上的代价曲面,"
                 "并修改它下面的数据。"),
    "home.ch3": ("Gradient descent from w = 1, step by step with the gradient drawn; the learning rate from crawling to "
                 "diverging; SGD beside it, a smoothed noisy curve and a saddle point.",
                 "从 w = 1 开始梯度下降,一步步画出梯度;学习率从缓慢爬行到发散;与随机梯度下降 (SGD) 对比,"
                 "平滑带噪声的曲线,以及鞍点。"),
    "home.ch6": ("Squash a line through a sigmoid to get a probability; see why BCE, not MSE, is the loss "
                 "for classification, on the course's hours → pass data.",
                 "把一条直线压进 sigmoid 得到概率;用课程中“学习时长 → 是否通过”的数据,"
                 "看看分类问题为什么用 BCE 而不是 MSE 作为损失函数。"),
    "home.ch7": ("Eight diabetes measurements in, one probability out: build the 8-6-4-1 network, watch its "
                 "weights learn, and see too many layers overfit.",
                 "输入 8 项糖尿病检测指标,输出一个概率:搭建 8-6-4-1 网络,观察权重如何学习,"
                 "并看到层数过多时的过拟合。"),
    "home.ch8": ("Dataset and DataLoader for real: batch size, shuffle, epoch vs iteration; full batch vs "
                 "mini-batch vs one-at-a-time; then the Titanic exercise.",
                 "真正动手用 Dataset 和 DataLoader:批量大小、打乱 (shuffle)、Epoch 与 Iteration;"
                 "全批量、小批量与逐个样本的对比;最后是泰坦尼克号练习。"),
    "home.ch9": ("Ten classes: softmax and cross-entropy by hand, then train the course's MNIST network "
                 "(or a CNN) live with a confusion matrix of its mistakes.",
                 "十个类别:手算 softmax 和交叉熵,再实时训练课程中的 MNIST 网络(或 CNN),"
                 "用混淆矩阵查看它的错误。"),
    "home.draw": ("Draw with the mouse and watch the trained models read your handwriting, step by step.",
                  "用鼠标写一个数字,一步步看训练好的模型如何识别你的手写体。"),
    "home.machine": ("This machine", "本机状态"),
    "home.device": ("Training device", "训练设备"),
    "home.ready": ("✅ **{name}** ready", "✅ **{name}** 已就绪"),
    "home.missing": ("❌ **{name}** missing: run `make run`", "❌ **{name}** 缺失:请运行 `make run`"),
}
