"""Text of chapter 10's page (pages/convolution.py): a convolution by hand, the course's CNN live, what it sees."""

TEXT = {
    "ch10.nav": ("10 · Convolutional networks", "10 · 卷积神经网络"),
    "ch10.title": ("Chapter 10 · Convolutional networks", "第 10 讲 · 卷积神经网络（基础篇）"),
    "ch10.intro": ("Chapter 9's MLP flattens a digit into 784 numbers and forgets which pixels were neighbours. A "
                   "convolution slides a small kernel over the image and keeps that layout: the course's CNN reaches "
                   "98–99 % with 8,490 weights, where the MLP needs 575,050.",
                   "第 9 讲的全连接网络把数字展平成 784 个数，丢掉了像素之间的相邻关系。卷积用一个小卷积核在图像上滑动，"
                   "保留了空间结构：课程中的 CNN 只用 8,490 个参数就达到 98–99 % 的准确率，而 MLP 需要 575,050 个。"),
    "ch10.works_without_mnist": ("The course's 5×5 example below works without it.",
                                 "下面课程中的 5×5 示例无需 MNIST 也可使用。"),
    "ch10.tab.hand": ("A convolution by hand", "手算一次卷积"),
    "ch10.tab.train": ("The course's CNN, live", "课程中的 CNN（实时训练）"),
    "ch10.tab.sees": ("What the network sees", "网络看到了什么"),
    # a convolution by hand
    "ch10.hand_intro": ("Each output cell is the sum of the kernel times the input window under it (PyTorch's "
                        "conv2d does not flip the kernel). Padding adds a border of zeros; the stride is how far the "
                        "kernel moves between cells.",
                        "输出的每个格子 = 卷积核与其覆盖的输入窗口逐元素相乘再求和（PyTorch 的 conv2d 不翻转卷积核）。"
                        "填充（padding）在四周补零；步长（stride）是卷积核每次移动的格数。"),
    "ch10.input": ("input", "输入"),
    "ch10.input.course": ("the course's 5×5 example", "课程中的 5×5 示例"),
    "ch10.input.digit": ("an MNIST test digit", "一个 MNIST 测试集数字"),
    "ch10.input.drawing": ("your drawing on /draw", "你在 /draw 上画的数字"),
    "ch10.no_drawing": ("Nothing drawn yet: draw a digit on the /draw page, then come back. Until then the course's "
                        "5×5 example is shown.",
                        "还没有画任何数字：先到 /draw 页面画一个数字再回来。在此之前显示课程中的 5×5 示例。"),
    "ch10.digit_index": ("test digit number", "测试集数字编号"),
    "ch10.kernel_size": ("kernel size", "卷积核大小"),
    "ch10.preset": ("kernel preset", "预设卷积核"),
    "ch10.preset.help": ("Writes the preset into the kernel's cells; edit them afterwards as you like.",
                         "把预设写入下方的卷积核数值，之后可以随意修改。"),
    "ch10.preset.course": ("the course's 1 … 9", "课程中的 1 … 9"),
    "ch10.preset.identity": ("identity (a copy)", "恒等（原样复制）"),
    "ch10.preset.blur": ("blur (the mean of 3×3)", "模糊（3×3 平均）"),
    "ch10.preset.sharpen": ("sharpen", "锐化"),
    "ch10.preset.horizontal_edge": ("horizontal edges", "水平边缘"),
    "ch10.preset.vertical_edge": ("vertical edges", "竖直边缘"),
    "ch10.kernel_cells": ("kernel (one row a line; numbers apart by spaces, 1/9 allowed)",
                          "卷积核（每行一行数字，用空格分隔，可写 1/9）"),
    "ch10.kernel.help": ("3×3 or 5×5 numbers. A cell that is not a number is named, and the page keeps working.",
                         "3×3 或 5×5 个数。不是数字的格子会被指出，页面照常工作。"),
    "ch10.padding": ("padding P", "填充 P"),
    "ch10.padding.help": ("Zeros added around the input on every side.", "在输入四周各补几圈零。"),
    "ch10.stride": ("stride S", "步长 S"),
    "ch10.stride.help": ("How many cells the kernel moves between two outputs.", "相邻两个输出之间卷积核移动的格数。"),
    "ch10.bad": ("This convolution cannot be computed: {problem}", "无法计算这次卷积：{problem}"),
    "ch10.cell_row": ("output row", "输出的行"),
    "ch10.cell_col": ("output column", "输出的列"),
    "ch10.click_cell": ("Click a cell of the output map (or set the row and column above) to write out its "
                        "multiply-and-add; its window on the input is outlined.",
                        "点击输出图中的一个格子（或在上方设置行和列），即可写出它的乘加过程；它在输入上的窗口会被框出。"),
    "ch10.terms": ("The outlined output cell, multiply and add ({n} products; padding cells are 0):",
                   "框出的输出格子的乘加过程（{n} 个乘积；填充的格子为 0）："),
    "ch10.out_cell": ("out[{r}, {c}]", "输出[{r}, {c}]"),
    "ch10.check": ("Checked against torch.nn.functional.conv2d: shape {shape}, largest difference {diff:.2g}.",
                   "与 torch.nn.functional.conv2d 对照：形状 {shape}，最大差异 {diff:.2g}。"),
    "ch10.pool_title": ("Max pooling 2×2", "最大池化 2×2"),
    "ch10.pool_lecture": ("The lecture's example: a 4×4 map in 2×2 windows with stride 2 gives 2×2, `4 8 / 9 8`.",
                          "课上的例子：4×4 的特征图按 2×2 窗口、步长 2 池化，得到 2×2 的 `4 8 / 9 8`。"),
    "ch10.pool_yours": ("Your output map from above, pooled the same way:", "上面你的输出图，用同样的方法池化："),
    "ch10.pool_dropped": ("The map is {n}×{n}, an odd size: the 2×2 windows cover its first {used} rows and columns; "
                          "the last row and column (shaded) fit in no window and are dropped, as MaxPool2d does "
                          "({n} / 2 rounded down is {half}).",
                          "特征图是 {n}×{n}，边长为奇数：2×2 窗口只覆盖它的前 {used} 行和列；最后一行和最后一列"
                          "（灰色）放不进任何窗口，被丢弃，MaxPool2d 也是这样做的（{n} / 2 向下取整为 {half}）。"),
    "ch10.pool_too_small": ("No pooling here: {problem}.", "此处无法池化：{problem}。"),
    "ch10.pool_check": ("Each output is the largest of its 2×2 window; torch.nn.functional.max_pool2d agrees "
                        "(largest difference {diff:.2g}).",
                        "每个输出是其 2×2 窗口中的最大值；与 torch.nn.functional.max_pool2d 一致（最大差异 {diff:.2g}）。"),
    "ch10.channels_title": ("Channels: why a conv layer's weight is 4-D", "通道：为什么卷积层的权重是四维的"),
    "ch10.channels_intro": ("With 3 input channels each output channel has one kernel per input channel and adds "
                            "their 3 maps; 2 output channels make the weight (out, in, k, k) = (2, 3, k, k). Below: "
                            "the course's 5×5 input as 3 channels, with your kernel.",
                            "输入有 3 个通道时，每个输出通道对每个输入通道各有一个卷积核，再把 3 张结果图相加；"
                            "2 个输出通道时权重形状就是 (out, in, k, k) = (2, 3, k, k)。下图：课程中的 5×5 输入做成 3 个通道，"
                            "使用你的卷积核。"),
    "ch10.channels_check": ("conv2d gives {shape} too (largest difference {diff:.2g}).",
                            "conv2d 也得到 {shape}（最大差异 {diff:.2g}）。"),
    # the course's CNN, live
    "ch10.train_intro": ("The course's network: Conv2d(1, 10, 5) → MaxPool2d(2) → ReLU → Conv2d(10, 20, 5) → "
                         "MaxPool2d(2) → ReLU → Linear(320, 10), trained with the course's settings (batch 64, SGD, "
                         "lr 0.01, momentum 0.5). One epoch of all 60,000 digits takes a while on a CPU: a training "
                         "subset is quicker.",
                         "课程中的网络：Conv2d(1, 10, 5) → MaxPool2d(2) → ReLU → Conv2d(10, 20, 5) → MaxPool2d(2) → "
                         "ReLU → Linear(320, 10)，使用课程中的设置（批量 64，SGD，学习率 0.01，动量 0.5）。"
                         "在 CPU 上用全部 60,000 张图训练一轮需要一些时间：选用训练子集会更快。"),
    "ch10.model": ("network", "网络"),
    "ch10.model.course-cnn": ("the course's CNN (2 conv + 1 linear)", "课程中的 CNN（2 个卷积层 + 1 个全连接层）"),
    "ch10.model.course-cnn-exercise": ("the exercise: 3 conv, 3 pooling, 3 linear",
                                       "课后练习：3 个卷积层、3 个池化层、3 个全连接层"),
    "ch10.model.help": ("The exercise network's sizes are torchplay's choice (the course leaves them open): a third "
                        "3×3 conv layer with 30 channels, then linear layers 120 → 64 → 32 → 10.",
                        "练习网络的具体尺寸由 torchplay 选定（课程未规定）：第三个 3×3 卷积层有 30 个通道，"
                        "之后全连接层为 120 → 64 → 32 → 10。"),
    "ch10.col.layer": ("layer", "层"),
    "ch10.layer.input": ("input", "输入"),
    "ch10.layer.pooling": ("pooling", "池化（pooling）"),
    "ch10.layer.flatten": ("flatten", "展平（flatten）"),
    "ch10.col.shape": ("shape after it (one digit)", "该层之后的形状（一张图）"),
    "ch10.col.params": ("parameters", "参数个数"),
    "ch10.params": ("parameters: {model}", "参数个数：{model}"),
    "ch10.params_mlp": ("parameters: chapter 9's MLP", "参数个数：第 9 讲的 MLP"),
    "ch10.exercise_stuck": (
        "The training loss is still {loss:.2f}, near ln 10 ≈ 2.30, the loss of a network that guesses: the exercise "
        "network has not started learning yet. It is deeper than the course's CNN (six layers between the pixels "
        "and the answer), so it starts with tiny gradients and needs more updates to leave that plateau, and this "
        "run gives it {steps} updates an epoch. Give it more: all 60000 digits (88% after one epoch) or learning "
        "rate 0.1 (about 92% after 3 epochs on 6000 digits), then **{reset}** and **{start}**.",
        "训练损失仍是 {loss:.2f}，接近 ln 10 ≈ 2.30，也就是瞎猜的网络的损失：练习网络还没有开始学习。它比课程中的 CNN "
        "更深（像素和答案之间有六层），一开始梯度很小，需要更多次更新才能离开这个平台，而这次训练每轮只有 {steps} 次更新。"
        "多给它一些：用全部 60000 张图（一轮后 88%），或把学习率调到 0.1（6000 张图 3 轮后约 92%），然后按「**{reset}**」"
        "再按「**{start}**」。"),
    # what the network sees
    "ch10.sees_intro": ("The first layer's ten 5×5 filters, and what every conv layer makes of one test digit "
                        "(dark = high). They change after each epoch of the run on the previous tab.",
                        "第一层的十个 5×5 卷积核，以及每个卷积层对一张测试图像的输出（颜色越深值越大）。"
                        "上一个标签页中的训练每完成一轮，它们就会更新。"),
    "ch10.sees_untrained": ("Not trained yet: the starting weights of seed {seed}. Start a run on the previous tab.",
                            "尚未训练：随机种子 {seed} 给出的初始权重。请在上一个标签页开始训练。"),
    "ch10.sees_epoch": ("Weights after epoch {epoch} (test accuracy {acc:.2%}).",
                        "第 {epoch} 轮之后的权重（测试集准确率 {acc:.2%}）。"),
    "ch10.filters_title": ("conv1's filters (10 kernels of 5×5)", "conv1 的卷积核（10 个 5×5）"),
    "ch10.maps_title": ("{name}'s feature maps ({shape})", "{name} 的特征图（{shape}）"),
}
