"""Text of ui/presets.py: the preset pills and, per page, each preset's name and what to watch."""

TEXT = {
    "presets.label": ("Start from a preset", "从预设开始"),
    "presets.help": (
        "Each preset sets this panel's controls to a starting point that shows one idea; click it again to hide "
        "its note.",
        "每个预设把本面板的控件设到一个能展示某个要点的起点；再点一次可隐藏说明。"),
    "presets.applied": ("**{name}** is set: press **{start}** (**{reset}** first if a run is on the panel). "
                        "Watch: {watch}",
                        "已设置 **{name}**：按「**{start}**」（若面板上已有训练，先按「**{reset}**」）。观察：{watch}"),
    "presets.applied_now": ("**{name}** is set. Watch: {watch}", "已设置 **{name}**。观察：{watch}"),
    # /logistic-regression
    "presets.logistic-regression.course": ("The course's settings", "课程的设置"),
    "presets.logistic-regression.course.watch": (
        "SGD with learning rate 0.01 for 1000 epochs is slow on this data: the BCE only falls from about 0.82 to "
        "0.56 and the curve has barely started to bend.",
        "学习率 0.01 的 SGD 训练 1000 轮，在这份数据上很慢：BCE 只从约 0.82 降到 0.56，曲线才刚开始弯。"),
    "presets.logistic-regression.faster": ("10× the learning rate", "学习率放大 10 倍"),
    "presets.logistic-regression.faster.watch": (
        "With 0.1 the same 1000 epochs reach a BCE of about 0.19 (w ≈ 2.4, b ≈ −5.9): the curve now crosses 0.5 "
        "near 2.4 hours.",
        "学习率 0.1 时，同样 1000 轮 BCE 降到约 0.19（w ≈ 2.4，b ≈ −5.9）：曲线在约 2.4 小时处越过 0.5。"),
    "presets.logistic-regression.too_high": ("Too high for MSE", "对 MSE 来说太高"),
    "presets.logistic-regression.too_high.watch": (
        "At 0.5 linear regression (MSE) diverges after about 30 steps, while logistic regression keeps improving: "
        "the sigmoid keeps its outputs in (0, 1), so the BCE gradients stay small.",
        "学习率 0.5 时，线性回归（MSE）大约 30 步后发散，而逻辑斯蒂回归继续变好：sigmoid 把输出限制在 (0, 1)，"
        "BCE 的梯度保持很小。"),
    "presets.logistic-regression.adam": ("Adam", "Adam"),
    "presets.logistic-regression.adam.watch": (
        "Adam with 0.1 brings the BCE to about 0.01 in 1000 epochs: it scales each weight's step by its own "
        "gradient history.",
        "学习率 0.1 的 Adam 在 1000 轮内把 BCE 降到约 0.01：它按每个权重自己的梯度历史调整步长。"),
    # /multiple-features
    "presets.multiple-features.course": ("The course's settings", "课程的设置"),
    "presets.multiple-features.course.watch": (
        "8-6-4-1 with sigmoid and SGD 0.1 for 100 epochs: the accuracy stays at 65.6%, the share of people "
        "without diabetes; the network still answers “no” for everyone while the loss creeps from 0.66 to 0.64.",
        "8-6-4-1、sigmoid、SGD 0.1、100 轮：准确率停在 65.6%，即没有糖尿病的人所占比例；网络仍对所有人回答“没有”，"
        "损失只从 0.66 缓慢降到 0.64。"),
    "presets.multiple-features.longer": ("The course's, 1000 epochs", "课程设置，1000 轮"),
    "presets.multiple-features.longer.watch": (
        "The plateau ends after about 500 epochs: the loss drops to about 0.53 and the test accuracy climbs "
        "to about 72%.",
        "大约 500 轮后走出平台期：损失降到约 0.53，测试准确率升到约 72%。"),
    "presets.multiple-features.raw": ("No standardisation", "不做标准化"),
    "presets.multiple-features.raw.watch": (
        "Raw units (glucose around 120) push the sigmoids into their flat ends: even after 1000 epochs the "
        "accuracy is still stuck at 65.6%.",
        "原始单位（血糖约 120）把 sigmoid 推进平坦区：即使 1000 轮后准确率仍停在 65.6%。"),
    "presets.multiple-features.too_high": ("Too high learning rate", "学习率过高"),
    "presets.multiple-features.too_high.watch": (
        "With 10 every step overshoots: the accuracy flips between 65.6% and 34.4% from one epoch to the next "
        "and the loss zig-zags for dozens of epochs.",
        "学习率 10 时每一步都冲过头：准确率在相邻两轮之间于 65.6% 和 34.4% 来回跳动，损失锯齿状振荡几十轮。"),
    "presets.multiple-features.too_deep": ("Too many sigmoid layers", "sigmoid 层太多"),
    "presets.multiple-features.too_deep.watch": (
        "Four sigmoid hidden layers: the loss stays flat at about 0.643 for all 500 epochs, because the gradient "
        "shrinks through every sigmoid on its way back (vanishing gradients). Switch to ReLU to compare.",
        "四个 sigmoid 隐藏层：500 轮里损失一直平在约 0.643，因为梯度每经过一个 sigmoid 都会变小（梯度消失）。"
        "换成 ReLU 比较一下。"),
    "presets.multiple-features.early_stop": ("Overfit, with early stopping", "过拟合，加早停"),
    "presets.multiple-features.early_stop.watch": (
        "4 × 64 ReLU with Adam learns the training people by heart. Patience 10 stops it at epoch 18, ten epochs "
        "after the best test loss (about 0.47 at epoch 8). Set patience to 0 to watch the test loss climb past 5 "
        "while the training loss goes to 0.",
        "4 × 64 ReLU 加 Adam 会把训练集的人背下来。耐心值 10 让它在第 18 轮停下，即最佳测试损失（第 8 轮约 0.47）"
        "之后十轮。把耐心值设为 0，可看到训练损失趋近 0 时测试损失升到 5 以上。"),
    # /mini-batches
    "presets.mini-batches.course": ("The course's settings", "课程的设置"),
    "presets.mini-batches.course.watch": (
        "Batch size 32, shuffled: 18 iterations per epoch, a new random order each epoch.",
        "批量大小 32，打乱顺序：每轮 18 次迭代，每轮都是新的随机顺序。"),
    "presets.mini-batches.batch_1": ("Batch size 1", "批量大小 1"),
    "presets.mini-batches.batch_1.watch": (
        "576 iterations per epoch. In the race the mini-batch run becomes stochastic too: very noisy steps, yet "
        "after a few epochs its loss is far below the full batch's.",
        "每轮 576 次迭代。比赛中小批量那一组也变成了随机梯度下降：每一步噪声很大，但几轮之后损失远低于全批量。"),
    "presets.mini-batches.full_batch": ("Full batch", "全批量"),
    "presets.mini-batches.full_batch.watch": (
        "One iteration per epoch, as in chapter 7: the race's mini-batch line lies on top of the full-batch one, "
        "and 30 epochs are only 30 small steps.",
        "每轮一次迭代，和第 7 讲一样：比赛中小批量的线与全批量的线重合，30 轮只是 30 个小步。"),
    "presets.mini-batches.no_shuffle": ("No shuffling", "不打乱"),
    "presets.mini-batches.no_shuffle.watch": (
        "The batch picture shows the same slices of the file in every epoch: each batch always holds the same people.",
        "批次图里每轮都是文件的同样几段：每个批次总是同一批人。"),
    "presets.mini-batches.drop_last": ("drop_last with batch 256", "batch 256 加 drop_last"),
    "presets.mini-batches.drop_last.watch": (
        "576 = 2 × 256 + 64: the 64 left-over samples sit out each epoch (grey), a different 64 each time "
        "because shuffle is on.",
        "576 = 2 × 256 + 64：剩下的 64 个样本每轮都不参与训练（灰色），因为打乱了顺序，每轮是不同的 64 个。"),
    # /softmax-mnist
    "presets.softmax-mnist.course": ("The course's settings", "课程的设置"),
    "presets.softmax-mnist.course.watch": (
        "The chapter's script on all 60000 images: about 86% test accuracy after the first epoch, then higher "
        "with every epoch (ten full epochs take a while on a CPU).",
        "在全部 60000 张图上运行本讲的脚本：第一轮后测试准确率约 86%，之后每轮都更高（在 CPU 上跑满十轮需要一些时间）。"),
    "presets.softmax-mnist.quick": ("Quick look: 6000 images", "快速试验：6000 张图"),
    "presets.softmax-mnist.quick.watch": (
        "6000 images, 3 epochs, the course's SGD: only about 37% test accuracy. The first epochs of this deep "
        "network are slow at learning rate 0.01; compare with the next presets.",
        "6000 张图、3 轮、课程的 SGD：测试准确率只有约 37%。学习率 0.01 时这个深网络的前几轮学得很慢；和后面的预设比较。"),
    "presets.softmax-mnist.faster": ("Quick look, learning rate 0.2", "快速试验，学习率 0.2"),
    "presets.softmax-mnist.faster.watch": (
        "The same 3 epochs reach about 90% test accuracy: a larger step gets the deep network moving.",
        "同样 3 轮达到约 90% 的测试准确率：更大的步长让深网络动起来。"),
    "presets.softmax-mnist.too_high": ("Too high learning rate", "学习率过高"),
    "presets.softmax-mnist.too_high.watch": (
        "Learning rate 1: the very first update blows the weights up and the run diverges at step 1.",
        "学习率 1：第一次更新就让权重爆炸，训练在第 1 步发散。"),
    "presets.softmax-mnist.no_momentum": ("No momentum", "不用动量"),
    "presets.softmax-mnist.no_momentum.watch": (
        "Momentum 0 instead of 0.5: about 25% test accuracy after 3 epochs instead of 37%; momentum keeps part "
        "of the last step's direction and speeds SGD up.",
        "动量 0 而不是 0.5：3 轮后测试准确率约 25% 而不是 37%；动量保留上一步的部分方向，使 SGD 更快。"),
    "presets.softmax-mnist.big_batch": ("Batch size 256", "批量大小 256"),
    "presets.softmax-mnist.big_batch.watch": (
        "Four times fewer updates per epoch (72 in 3 epochs instead of 282) at the same learning rate: the test "
        "accuracy is still about 17%.",
        "同样的学习率下每轮更新次数少了四倍（3 轮 72 次而不是 282 次）：测试准确率仍只有约 17%。"),
    "presets.softmax-mnist.cnn": ("CNN, quick look", "CNN 快速试验"),
    "presets.softmax-mnist.cnn.watch": (
        "Same 6000 images and SGD settings: the CNN reaches about 95% test accuracy in 3 epochs, each epoch "
        "slower than the MLP's.",
        "同样 6000 张图和 SGD 设置：CNN 3 轮内达到约 95% 的测试准确率，但每轮比 MLP 慢。"),
    "presets.softmax-mnist.early_stop": ("1000 images, early stopping", "1000 张图，早停"),
    "presets.softmax-mnist.early_stop.watch": (
        "Only 1000 training images with a fast optimiser: the training accuracy races ahead while the test loss "
        "stops improving; patience 3 ends the run after about 9 of the 30 epochs.",
        "只有 1000 张训练图、优化器又快：训练准确率一路领先，测试损失却不再变好；耐心值 3 让训练在 30 轮中的约第 9 轮结束。"),
    # /convolution, the course's CNN live
    "presets.convolution.course": ("The course's settings", "课程的设置"),
    "presets.convolution.course.watch": (
        "The chapter's script on all 60000 digits for 10 epochs: about 96.8% test accuracy after the first epoch "
        "and 98.6-98.7% after the tenth (seeds 0, 1, 2: 98.64, 98.68, 98.71%). Each epoch takes a while on a CPU.",
        "在全部 60000 张图上运行本讲的脚本 10 轮：第一轮后测试准确率约 96.8%，第十轮后 98.6-98.7%"
        "（种子 0、1、2：98.64%、98.68%、98.71%）。在 CPU 上每轮都需要一些时间。"),
    "presets.convolution.quick": ("Quick look: 6000 images, 3 epochs", "快速试验：6000 张图、3 轮"),
    "presets.convolution.quick.watch": (
        "Test accuracy 81.9% → 90.7% → 92.8%. Chapter 9's MLP with the same settings reaches only about 40%: the "
        "small shared kernels learn digits from far fewer updates.",
        "测试准确率 81.9% → 90.7% → 92.8%。同样设置下第 9 讲的全连接网络只有约 40%：共享的小卷积核用少得多的更新就学会了数字。"),
    "presets.convolution.faster": ("Quick look, learning rate 0.1", "快速试验，学习率 0.1"),
    "presets.convolution.faster.watch": (
        "Ten times the step: 95.1% → 96.5% → 97.1% in the same 3 epochs.",
        "步长放大十倍：同样 3 轮达到 95.1% → 96.5% → 97.1%。"),
    "presets.convolution.too_high": ("Too high learning rate", "学习率过高"),
    "presets.convolution.too_high.watch": (
        "Learning rate 0.5: the loss jumps to about 2.6 in the first steps, then sits at ln 10 ≈ 2.30, the loss of "
        "a guess, and the test accuracy stays about 10% for all 3 epochs: the network no longer responds to the "
        "digits.",
        "学习率 0.5：损失在最初几步跳到约 2.6，随后停在 ln 10 ≈ 2.30（瞎猜的损失），3 轮里测试准确率一直约 10%：网络已不再对数字作出反应。"),
    "presets.convolution.no_momentum": ("No momentum", "不用动量"),
    "presets.convolution.no_momentum.watch": (
        "Momentum 0 instead of 0.5: 89.9% test accuracy after 3 epochs instead of 92.8%.",
        "动量 0 而不是 0.5：3 轮后测试准确率 89.9% 而不是 92.8%。"),
    "presets.convolution.exercise": ("The chapter's exercise network", "本讲的练习网络"),
    "presets.convolution.exercise.watch": (
        "3 conv, 3 pooling and 3 linear layers on all 60000 digits for 3 epochs: its loss stays near 2.30 for the "
        "first steps, then it catches up: 88.3% → 95.5% → 96.6%, where the course CNN has 96.8% after one epoch.",
        "3 个卷积层、3 个池化层、3 个线性层，在全部 60000 张图上训练 3 轮：最初几步损失停在 2.30 附近，之后追上来："
        "88.3% → 95.5% → 96.6%，而课程的 CNN 一轮后就有 96.8%。"),
    # /convolution, the convolution by hand
    "presets.convolution-explorer.lecture": ("The lecture's example", "课上的例子"),
    "presets.convolution-explorer.lecture.watch": (
        "5×5 input, kernel 1 … 9, no padding, stride 1: a 3×3 output; out[0, 0] = 211 is written out below the "
        "chart. Click any output cell to see its sum.",
        "5×5 输入、卷积核 1 … 9、无填充、步长 1：输出 3×3；图下写出了 输出[0, 0] = 211。点击任一输出格子可看它的求和。"),
    "presets.convolution-explorer.lecture_padding": ("Padding 1", "填充 1"),
    "presets.convolution-explorer.lecture_padding.watch": (
        "A border of zeros makes the output 5×5, as big as the input; out[0, 0] = 91 has five padding zeros in its "
        "sum.",
        "一圈 0 让输出变成 5×5，和输入一样大；输出[0, 0] = 91 的求和里有五个填充的 0。"),
    "presets.convolution-explorer.lecture_stride": ("Stride 2", "步长 2"),
    "presets.convolution-explorer.lecture_stride.watch": (
        "The kernel jumps two cells: (5 − 3 + 0) / 2 + 1 = 2, a 2×2 output; out[1, 1] = 169 is the window at rows "
        "2-4, columns 2-4.",
        "卷积核每次跳两格：(5 − 3 + 0) / 2 + 1 = 2，输出 2×2；输出[1, 1] = 169 来自第 2-4 行、第 2-4 列的窗口。"),
    "presets.convolution-explorer.edge_stride_2": ("Vertical edges on a digit, stride 2", "数字上的竖直边缘，步长 2"),
    "presets.convolution-explorer.edge_stride_2.watch": (
        "Test digit 0 (a 7) with Sobel's vertical-edge kernel and stride 2: a 13×13 map, positive (red) where a "
        "stroke begins on its left, negative (blue) where it ends on its right; the 7's horizontal bar gives weak "
        "values except at its ends. out[6, 8] = 3.67 is the strongest response.",
        "测试集第 0 张（数字 7），Sobel 竖直边缘卷积核、步长 2：13×13 的特征图，笔画左侧开始处为正（红），右侧结束处为负（蓝）；"
        "7 的横杠除两端外数值都很弱。输出[6, 8] = 3.67 是最强的响应。"),
}
