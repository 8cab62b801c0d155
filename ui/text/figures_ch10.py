"""Chart text of ui/figures_ch10.py (a convolution by hand, max pooling, channels)."""

TEXT = {
    "figures_ch10.input": ("Input {n}×{n} (padding {p})", "输入 {n}×{n}（填充 {p}）"),
    "figures_ch10.kernel": ("Kernel {k}×{k}", "卷积核 {k}×{k}"),
    "figures_ch10.output": ("Output {n}×{n} (stride {s})", "输出 {n}×{n}（步长 {s}）"),
    "figures_ch10.click": ("click to write out its multiply-and-add", "点击写出它的乘加过程"),
    "figures_ch10.pool.before": ("Feature map {n}×{n}: 2×2 windows, each one's largest ringed",
                                 "特征图 {n}×{n}：2×2 窗口，每个窗口中最大的值被圈出"),
    "figures_ch10.pool.after": ("After MaxPool2d(2): {n}×{n}", "MaxPool2d(2) 之后：{n}×{n}"),
    "figures_ch10.channels.title": ("3 input channels, 2 output channels: the weight is {shape} (out, in, k, k)",
                                    "3 个输入通道、2 个输出通道：权重形状为 {shape}（out, in, k, k）"),
    "figures_ch10.channels.in": ("input channel {i}", "输入通道 {i}"),
    "figures_ch10.channels.weight": ("weight[{o}, {i}]", "权重[{o}, {i}]"),
    "figures_ch10.channels.part": ("channel {i} ⊛ weight[{o}, {i}]", "通道 {i} ⊛ 权重[{o}, {i}]"),
    "figures_ch10.channels.sum": ("output channel {o} = sum", "输出通道 {o} = 三者之和"),
}
