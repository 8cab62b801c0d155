"""Home page (pages/home.py): what each chapter shows and what this machine has ready."""

TEXT = {
    "home.intro": ("A visual playground for 《PyTorch深度学习实践》 chapters 6–10: move a slider, and a real "
                   "PyTorch training loop answers with live charts.",
                   "《PyTorch深度学习实践》第 6–10 讲的可视化实验场:拖动滑块,真实的 PyTorch "
                   "训练循环就会用实时图表回应你。"),
    "home.ch4": ("The computational graph of ŷ = x·w with every forward value and backward gradient, checked "
                 "against torch's autograd; why stacked linear layers collapse to one; the lecture's autograd loop "
                 "live, and what skipping w.grad.zero_() does.",
                 "ŷ = x·w 的计算图,每个前馈值和反向梯度都与 torch 自动求导对照;为什么叠加的线性层会合并成一层;"
                 "课上的自动求导循环实时运行,以及跳过 w.grad.zero_() 会怎样。"),
    "home.ch5": ("The lecture's LinearModel trained live with w, b and predict(4) moving; all eight optimizers "
                 "the lecture names racing on one chart; what summing instead of averaging the loss does to "
                 "the step.",
                 "课上的 LinearModel 实时训练,看 w、b 和 predict(4) 变化;课上列出的八个优化器在同一张图上比赛;"
                 "损失求和而不是求平均对步长的影响。"),
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
