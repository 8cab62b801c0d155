"""Chart text of ui/figures_ch11.py (the Inception module's branches, the plain-vs-residual race)."""

TEXT = {
    "figures_ch11.input": ("input {shape}", "输入 {shape}"),
    "figures_ch11.avg_pool": ("3×3 avg pool", "3×3 平均池化"),
    "figures_ch11.conv": ("{k}×{k} conv", "{k}×{k} 卷积"),
    "figures_ch11.concat": ("torch.cat(dim=1): {widths} = {total} channels<br>{shape}",
                            "torch.cat(dim=1)：{widths} = {total} 个通道<br>{shape}"),
    "figures_ch11.inception_title": ("Inception module: {shape} in, {out} out",
                                     "Inception 模块：输入 {shape}，输出 {out}"),
    "figures_ch11.net.plain": ("plain", "普通网络"),
    "figures_ch11.net.residual": ("residual", "残差网络"),
    "figures_ch11.axis.layer": ("weight layer (input side → output side)", "权重层（输入端 → 输出端）"),
    "figures_ch11.axis.grad": ("gradient norm (log scale)", "梯度范数（对数刻度）"),
    "figures_ch11.grad_title": ("Each layer's gradient norm at step {step}", "第 {step} 步时每一层的梯度范数"),
    "figures_ch11.axis.step": ("step", "步数"),
    "figures_ch11.axis.loss": ("training loss", "训练损失"),
    "figures_ch11.loss_title": ("Loss of both networks on the same batches", "两个网络在相同批次上的损失"),
}
