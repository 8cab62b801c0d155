"""Chart text of ui/figures_ch4.py (the computational graph, w and its gradient, two layers against one)."""

TEXT = {
    "figures_ch4.kind.input": ("input / label", "输入 / 标签"),
    "figures_ch4.kind.param": ("weight (trained)", "权重(被训练)"),
    "figures_ch4.kind.op": ("computed node", "计算节点"),
    "figures_ch4.hover": ("{name}: forward {value}, ∂loss/∂{name} = {grad}",
                          "{name}:前馈值 {value},∂loss/∂{name} = {grad}"),
    "figures_ch4.hover_torch": ("torch autograd: {grad}", "torch 自动求导:{grad}"),
    "figures_ch4.weight_title": ("w after every sample, and the gradient it was updated with",
                                 "每个样本之后的 w,以及这次更新用到的梯度"),
    "figures_ch4.sample_axis": ("update (one sample each)", "更新次数(每次一个样本)"),
    "figures_ch4.single": ("one layer: (W₂W₁)x + (W₂b₁ + b₂)", "一层:(W₂W₁)x + (W₂b₁ + b₂)"),
    "figures_ch4.stacked": ("two layers, nothing between", "两层,中间什么都没有"),
    "figures_ch4.relu": ("two layers with a ReLU between", "两层,中间加 ReLU"),
    "figures_ch4.collapse_title": ("Linear(1, 3) then Linear(3, 1): still a straight line without a non-linearity",
                                   "Linear(1, 3) 接 Linear(3, 1):没有非线性函数,仍然是一条直线"),
    "figures_ch4.output": ("output", "输出"),
}
