"""Text of chapter 11's page (pages/advanced_cnn.py): the Inception module, the lecture's networks live, why a
shortcut, what each block sees."""

TEXT = {
    "ch11.nav": ("11 · Advanced CNNs", "11 · 卷积神经网络（高级篇）"),
    "ch11.title": ("Chapter 11 · Advanced CNNs: Inception and residual networks",
                   "第 11 讲 · 卷积神经网络（高级篇）：Inception 与残差网络"),
    "ch11.intro": ("Chapter 10's CNN is a chain of layers. GoogLeNet's Inception module runs several convolutions "
                   "side by side and lets training weigh them; ResNet's residual block adds its input back, so a "
                   "deep network still passes its gradient down. Both reach about 99 % on MNIST.",
                   "第 10 讲的 CNN 是一串依次连接的层。GoogLeNet 的 Inception 模块把几种卷积并排计算，由训练决定各自的权重；"
                   "ResNet 的残差块把输入加回输出，使很深的网络也能把梯度传下去。两者在 MNIST 上都能达到约 99 %。"),
    "ch11.works_without_mnist": ("The Inception arithmetic on the first tab works without it.",
                                 "第一个标签页的 Inception 计算无需 MNIST 也可使用。"),
    "ch11.tab.inception": ("The Inception module", "Inception 模块"),
    "ch11.tab.train": ("The lecture's networks, live", "课程中的网络（实时训练）"),
    "ch11.tab.shortcut": ("Why a shortcut", "为什么要跳连"),
    "ch11.tab.sees": ("What each block sees", "每个模块看到了什么"),
    # the Inception module
    "ch11.inception_intro": ("The lecture's `InceptionA`: four branches see the same input and each keeps its width "
                             "and height, so their outputs can be stacked on the channel axis. Change a branch's "
                             "widths (its convs' output channels, in order) and watch the output channels, weights "
                             "and multiplications follow.",
                             "课程中的 `InceptionA`：四个分支看同一个输入，各自保持宽和高不变，所以输出可以沿通道维拼接。"
                             "修改某个分支的宽度（按顺序写出它每个卷积的输出通道数），看输出通道数、参数量和乘法次数如何变化。"),
    "ch11.size": ("input width and height", "输入的宽和高"),
    "ch11.size.help": ("12 is the lecture's first Inception module (after conv1 and pooling), 4 its second.",
                       "12 是课程中第一个 Inception 模块的输入尺寸（经过 conv1 和池化后），4 是第二个。"),
    "ch11.in_channels": ("input channels", "输入通道数"),
    "ch11.branch.1x1": ("1×1 branch", "1×1 分支"),
    "ch11.branch.5x5": ("5×5 branch", "5×5 分支"),
    "ch11.branch.3x3": ("3×3 branch", "3×3 分支"),
    "ch11.branch.pool": ("pooling branch", "池化分支"),
    "ch11.branch.1x1.help": ("One width: a 1×1 conv (lecture: 16).", "一个宽度：一个 1×1 卷积（课程中为 16）。"),
    "ch11.branch.5x5.help": ("Two widths: a 1×1 conv, then a 5×5 conv with padding 2 (lecture: 16, 24).",
                             "两个宽度：先 1×1 卷积，再 padding 为 2 的 5×5 卷积（课程中为 16, 24）。"),
    "ch11.branch.3x3.help": ("Three widths: a 1×1 conv, then two 3×3 convs with padding 1 (lecture: 16, 24, 24).",
                             "三个宽度：先 1×1 卷积，再两个 padding 为 1 的 3×3 卷积（课程中为 16, 24, 24）。"),
    "ch11.branch.pool.help": ("One width: 3×3 average pooling (stride 1, padding 1), then a 1×1 conv (lecture: 24).",
                              "一个宽度：3×3 平均池化（步长 1，padding 1）后接一个 1×1 卷积（课程中为 24）。"),
    "ch11.bad_count": ("the {branch} takes {n} width(s), one per conv; {got} given",
                       "{branch}需要 {n} 个宽度（每个卷积一个），但给出了 {got} 个"),
    "ch11.bad_width": ("the {branch}'s width {value!r} is not a whole number", "{branch}的宽度 {value!r} 不是整数"),
    "ch11.bad": ("This cannot be computed: {problem}", "无法计算：{problem}"),
    "ch11.out_channels": ("output channels", "输出通道数"),
    "ch11.weights": ("weights (with biases)", "参数量（含偏置）"),
    "ch11.mults": ("multiplications", "乘法次数"),
    "ch11.col.branch": ("branch", "分支"),
    "ch11.col.shapes": ("shape after each step", "每一步之后的形状"),
    "ch11.col.weights": ("weights", "参数量"),
    "ch11.col.mults": ("multiplications", "乘法次数"),
    "ch11.inception_caption": ("The lecture's widths give {out} channels, {weights:,} weights and {mults:,} "
                               "multiplications on this input; the arrows under the numbers compare yours with them.",
                               "在这个输入上，课程中的宽度得到 {out} 个通道、{weights:,} 个参数和 {mults:,} 次乘法；"
                               "数字下的箭头是你的设置与课程设置之差。"),
    "ch11.bottleneck_title": ("Why a 1×1 convolution first", "为什么先做 1×1 卷积"),
    "ch11.bottleneck_intro": ("A k×k conv costs k² · W · H · C_in · C_out multiplications. The lecture's example: "
                              "5×5 from 192 to 32 channels on 28×28, straight, or after a 1×1 conv down to 16 "
                              "channels.",
                              "一个 k×k 卷积的乘法次数是 k² · W · H · C_in · C_out。课程中的例子：在 28×28 上"
                              "从 192 个通道做 5×5 卷积到 32 个通道，直接做，或者先用 1×1 卷积降到 16 个通道再做。"),
    "ch11.kernel": ("kernel", "卷积核"),
    "ch11.reduce_to": ("1×1 conv's channels", "1×1 卷积的通道数"),
    "ch11.direct": ("straight", "直接卷积"),
    "ch11.with_1x1": ("1×1 to {c} first", "先 1×1 降到 {c}"),
    "ch11.ratio": ("saved: straight ÷ 1×1 first", "节省：直接 ÷ 先 1×1"),
    "ch11.bottleneck_caption": ("Weights: {direct:,} straight, {bottleneck:,} with the 1×1 conv first.",
                                "参数量：直接卷积 {direct:,} 个，先 1×1 卷积 {bottleneck:,} 个。"),
    "ch11.bottleneck_worse": ("Here the 1×1 conv does not shrink the channels enough to pay for itself (weights: "
                              "{direct:,} straight, {bottleneck:,} with it).",
                              "这里 1×1 卷积没有把通道数降得足够少，反而更费（参数量：直接 {direct:,} 个，加上它 "
                              "{bottleneck:,} 个）。"),
    # the networks, live
    "ch11.train_intro": ("The lecture's two networks at its settings (SGD, learning rate 0.01, momentum 0.5, batch "
                         "64), with the exercise's residual block designs and chapter 10's CNN to compare. Train "
                         "one, pin it in the compare panel, train the next: the table below puts their accuracy, "
                         "weights and seconds per epoch side by side.",
                         "课程中的两个网络，使用课程的设置（SGD，学习率 0.01，动量 0.5，批大小 64），另有练习中的残差块设计和"
                         "第 10 讲的 CNN 作对比。训练一个，在对比面板中固定它，再训练下一个：下表并列显示它们的准确率、"
                         "参数量和每个 epoch 的秒数。"),
    "ch11.model": ("network", "网络"),
    "ch11.model.help": ("The exercise: the other residual block designs of He et al. 2016 (figure 4 (c) and (e)).",
                        "练习：He 等人 2016 年论文中的其他残差块设计（图 4 (c) 和 (e)）。"),
    "ch11.model.course-inception": ("the lecture's Inception network", "课程中的 Inception 网络"),
    "ch11.model.course-resnet": ("the lecture's residual network", "课程中的残差网络"),
    "ch11.model.course-resnet-relu-before-addition": ("exercise: residual, ReLU before addition",
                                                      "练习：残差网络，ReLU 在相加之前"),
    "ch11.model.course-resnet-full-preactivation": ("exercise: residual, full pre-activation",
                                                    "练习：残差网络，完全预激活"),
    "ch11.model.course-cnn": ("chapter 10's CNN, to compare", "第 10 讲的 CNN（对比用）"),
    "ch11.col.block": ("block", "模块"),
    "ch11.col.shape": ("output shape", "输出形状"),
    "ch11.input": ("input", "输入"),
    "ch11.params": ("parameters: {model}", "参数量：{model}"),
    "ch11.side_title": ("The runs side by side", "各次训练并列对比"),
    "ch11.side_empty": ("Each run shows here after its first epoch.", "每次训练完成第一个 epoch 后显示在这里。"),
    "ch11.col.run": ("run", "训练"),
    "ch11.col.model": ("network", "网络"),
    "ch11.col.acc": ("test accuracy", "测试准确率"),
    "ch11.col.epochs": ("epochs done", "已完成 epoch"),
    "ch11.col.per_epoch": ("seconds per epoch", "每个 epoch 秒数"),
    "ch11.stuck": ("The training loss is still {loss:.2f}, near ln 10 ≈ 2.30, the loss of a network that guesses: "
                   "with {steps} updates an epoch this network has not started learning yet. Give it more updates "
                   "(more training digits or epochs), then **{reset}** and **{start}**.",
                   "训练损失仍是 {loss:.2f}，接近 ln 10 ≈ 2.30，也就是瞎猜的网络的损失：每个 epoch 只有 {steps} 次更新，"
                   "这个网络还没有开始学习。给它更多的更新（更多训练数字或更多 epoch），然后点“{reset}”和“{start}”。"),
    "ch11.cli": ("The same run from a terminal: `python -m core train mnist --model {model}`; the exported script "
                 "above reproduces the page's records.",
                 "在终端里做同样的训练：`python -m core train mnist --model {model}`；上面导出的脚本能复现本页的记录。"),
    # why a shortcut
    "ch11.race_intro": ("A deep plain CNN and the same depth built of residual blocks, trained side by side on the "
                        "same batches (SGD 0.01, momentum 0.5, batch 64, 8 channels). In the plain network each "
                        "layer multiplies the gradient on its way down and it fades; the shortcut gives it a path "
                        "of 1 around every block.",
                        "一个很深的普通 CNN 和同样深度、由残差块搭成的网络，在相同批次上并排训练（SGD 0.01，动量 0.5，"
                        "批大小 64，8 个通道）。普通网络中梯度往回传时每经过一层都被乘一次，越来越小；跳连让它在每个"
                        "残差块旁边都有一条系数为 1 的通路。"),
    "ch11.depth": ("depth (weight layers)", "深度（权重层数）"),
    "ch11.depth.help": ("As He et al. count: a conv stem, depth − 2 convs (in blocks of two), the classifier.",
                        "按 He 等人的算法：一个卷积输入层，depth − 2 个卷积（每两个组成一个残差块），一个分类层。"),
    "ch11.race_steps": ("training steps", "训练步数"),
    "ch11.block": ("residual block", "残差块"),
    "ch11.block.help": ("The lecture's block, or the exercise's designs of He et al. 2016.",
                        "课程中的残差块，或练习中 He 等人 2016 年的设计。"),
    "ch11.block.original": ("the lecture's", "课程中的"),
    "ch11.block.relu-before-addition": ("ReLU before addition", "ReLU 在相加之前"),
    "ch11.block.full-preactivation": ("full pre-activation", "完全预激活"),
    "ch11.race_run": ("Race", "开始比赛"),
    "ch11.race_empty": ("Press {run}: both networks train on 6,000 digits and their gradients are drawn as they go.",
                        "按下“{run}”：两个网络在 6,000 个数字上训练，边训练边画出梯度。"),
    "ch11.race_old": ("Shown: the last race (depth {depth}, {steps} steps, {kind} block). Press {run} for the new "
                      "settings.",
                      "当前显示的是上一次比赛（深度 {depth}，{steps} 步，{kind}残差块）。按“{run}”使用新的设置。"),
    "ch11.reach.plain": ("plain-{depth}: first layer's gradient ÷ last's", "普通-{depth}：第一层梯度 ÷ 最后一层"),
    "ch11.reach.residual": ("residual-{depth}: first layer's gradient ÷ last's",
                            "残差-{depth}：第一层梯度 ÷ 最后一层"),
    "ch11.reach.help": ("The mean over the race's steps: how much of the classifier's gradient reaches the stem.",
                        "整个比赛过程中的平均值：分类层的梯度有多少传到了第一层。"),
    "ch11.race_caption": ("Training loss after {steps} steps: plain {plain:.3f}, residual {residual:.3f} (a guess "
                          "among 10 digits is 2.303).",
                          "{steps} 步后的训练损失：普通网络 {plain:.3f}，残差网络 {residual:.3f}（在 10 个数字中瞎猜是 2.303）。"),
    # what each block sees
    "ch11.sees_intro": ("For one test digit, every block's output: conv layers before their pooling, the Inception "
                        "modules' 88 channels in the branches' order (16, 24, 24, 24), the residual blocks after "
                        "the addition.",
                        "对一个测试集数字，显示每个模块的输出：卷积层为池化之前的输出，Inception 模块的 88 个通道按分支顺序"
                        "排列（16, 24, 24, 24），残差块为相加之后的输出。"),
    "ch11.digit_index": ("test digit number", "测试集数字编号"),
    "ch11.sees_untrained": ("Not trained yet: the starting weights of seed {seed}. Start a run on the second tab.",
                            "尚未训练：显示随机种子 {seed} 的初始权重。请在第二个标签页开始训练。"),
    "ch11.sees_epoch": ("Weights after epoch {epoch} (test accuracy {acc:.2%}).",
                        "第 {epoch} 个 epoch 之后的权重（测试准确率 {acc:.2%}）。"),
    "ch11.maps_title": ("{name}: {shape}", "{name}：{shape}"),
}
