"""Lecture 4 page (/back-propagation): the computational graph, autograd, why a non-linearity, the loop live.
Chapter terms follow the course notes (反向传播, 计算图, 前馈, 梯度, 链式法则, 学习率)."""

TEXT = {
    "ch4.nav": ("4 · Back propagation", "4 · 反向传播"),
    "ch4.home": ("The computational graph of ŷ = x·w with every forward value and backward gradient, checked "
                 "against torch's autograd; why stacked linear layers collapse to one; the lecture's autograd loop "
                 "live, and what skipping w.grad.zero_() does.",
                 "ŷ = x·w 的计算图,每个前馈值和反向梯度都与 torch 自动求导对照;为什么叠加的线性层会合并成一层;"
                 "课上的自动求导循环实时运行,以及跳过 w.grad.zero_() 会怎样。"),
    "ch4.title": ("4 · Back propagation 反向传播", "4 · 反向传播 (Back Propagation)"),
    "ch4.intro": ("A model is a **computational graph**: the forward pass computes every node's value from x to the "
                  "loss, and the backward pass sends ∂loss/∂node back along the edges by the **chain rule**, "
                  "multiplying the local derivatives. PyTorch's `loss.backward()` does exactly this.",
                  "模型就是一张**计算图**:前馈(forward)从 x 算到损失,得到每个节点的值;反向(backward)沿着边"
                  "按**链式法则**把 ∂loss/∂节点 传回去,一路乘上局部导数。PyTorch 的 `loss.backward()` 做的正是这件事。"),
    "ch4.graph": ("The graph, forward and backward", "计算图:前馈与反向"),
    "ch4.model": ("model", "模型"),
    "ch4.examples": ("The lecture: x = 1, y = 2, w = 1 gives ∂loss/∂w = −2. The exercise: x = 2, y = 4, w = 1 "
                     "gives −8. Then try the other two models (the further exercises).",
                     "课上的例子:x = 1, y = 2, w = 1,得 ∂loss/∂w = −2。练习:x = 2, y = 4, w = 1,得 −8。"
                     "再试试另外两个模型(进一步的练习)。"),
    "ch4.graph_title": ("Black: forward values · red: ∂loss/∂node (✓ = torch autograd agrees) · loss = {loss}",
                        "黑色:前馈值 · 红色:∂loss/∂节点(✓ = 与 torch 自动求导一致) · loss = {loss}"),
    "ch4.chain_rule": ("Each weight's gradient, by the chain rule on the graph and by `loss.backward()`:",
                       "每个权重的梯度:按计算图上的链式法则,以及按 `loss.backward()`:"),
    "ch4.col.node": ("weight", "权重"),
    "ch4.col.value": ("value", "值"),
    "ch4.col.chain": ("∂loss/∂weight, chain rule", "∂loss/∂权重(链式法则)"),
    "ch4.col.torch": ("torch autograd", "torch 自动求导"),
    "ch4.col.same": ("same?", "相同?"),
    "ch4.collapse": ("Why every layer needs a non-linear function", "为什么每一层后面都要接非线性函数"),
    "ch4.collapse_intro": ("Two linear layers with nothing between them are one linear layer: "
                           "W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂). Here are Linear(2, 3) and Linear(3, 2), seeded, and "
                           "their product: one 2×2 layer.",
                           "两个线性层之间什么都不加,就等于一个线性层:"
                           "W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂)。下面是随机初始化的 Linear(2, 3) 和 Linear(3, 2),"
                           "以及它们的乘积:一个 2×2 的层。"),
    "ch4.collapse_seed": ("seed of the two layers", "两层的随机种子"),
    "ch4.collapse_check": ("Largest gap between the two stacked layers and the one product layer over x in [−3, 3]: "
                           "{gap} (float32 rounding). With a ReLU between them the line bends: that is what a "
                           "deeper network can add.",
                           "在 x ∈ [−3, 3] 上,两层叠加与一个乘积层的最大差距:{gap}(float32 舍入误差)。"
                           "两层之间加上 ReLU,直线就弯折了:这才是更深的网络能多学到的东西。"),
    "ch4.train": ("The lecture's autograd loop, live", "课上的自动求导循环,实时运行"),
    "ch4.epochs_help": ("One epoch is three updates, one per sample.", "一轮是三次更新,每个样本一次。"),
    "ch4.zero": ("zero the gradient after each update", "每次更新后把梯度清零"),
    "ch4.zero_help": ("Off: skip w.grad.data.zero_(). backward() then adds each new gradient to the old ones, "
                      "so the steps grow and w overshoots.",
                      "关闭:跳过 w.grad.data.zero_()。backward() 会把新梯度累加到旧梯度上,步子越来越大,w 冲过头。"),
    "ch4.pace": ("updates per second", "每秒更新次数"),
    "ch4.code": ("w = torch.Tensor([1.0])\nw.requires_grad = True\n\n"
                 "for epoch in range(epochs):\n    for x, y in zip(x_data, y_data):\n"
                 "        l = loss(x, y)          # forward: builds the graph\n"
                 "        l.backward()            # backward: w.grad = ∂l/∂w\n"
                 "        w.data = w.data - lr * w.grad.data\n",
                 "w = torch.Tensor([1.0])\nw.requires_grad = True\n\n"
                 "for epoch in range(epochs):\n    for x, y in zip(x_data, y_data):\n"
                 "        l = loss(x, y)          # 前馈:构建计算图\n"
                 "        l.backward()            # 反向:w.grad = ∂l/∂w\n"
                 "        w.data = w.data - lr * w.grad.data\n"),
    "ch4.code_zero": ("        w.grad.data.zero_()     # clear it before the next sample",
                      "        w.grad.data.zero_()     # 下一个样本之前清零"),
    "ch4.code_skipped": ("        # w.grad.data.zero_()   ← skipped: the gradient accumulates",
                         "        # w.grad.data.zero_()   ← 已跳过:梯度会累加"),
    "ch4.predict": ("predict(4)", "predict(4)"),
    "ch4.predict_help": ("Before training 4.0; the lecture's run ends at 7.999998569488525 (w = 1.9999996).",
                         "训练前是 4.0;课上的运行最后得到 7.999998569488525(w = 1.9999996)。"),
    "ch4.epoch": ("epoch", "轮数"),
    "ch4.sample_loss": ("loss of the sample", "该样本的损失"),
    "ch4.sample_axis": ("update (one sample each)", "更新次数(每次一个样本)"),
    "ch4.loss_title": ("Loss of each sample as it trains", "训练中每个样本的损失"),
    "ch4.loss_empty": ("the loss appears here as it trains", "训练开始后损失曲线会显示在这里"),
}
