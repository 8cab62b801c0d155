"""Chart text of ui/figures_ch3.py: lecture 3's descent on the cost curve, learning-rate regimes, EWA, saddle point."""

TEXT = {
    "figures_ch3.cost": ("cost MSE(w)", "代价 MSE(w)"),
    "figures_ch3.cost_axis": ("cost (MSE)", "代价 (MSE)"),
    "figures_ch3.tangent": ("gradient ∂cost/∂w = {g}", "梯度 ∂cost/∂w = {g}"),
    "figures_ch3.on_curve": ("on the cost curve", "代价曲线上"),
    "figures_ch3.w_by_step": ("w by step (dotted: best)", "每步的 w(虚线:最优)"),
    "figures_ch3.step": ("step", "步数"),
    "figures_ch3.noisy": ("loss of each step", "每一步的损失"),
    "figures_ch3.smoothed": ("weighted average, β = {beta}", "指数加权平均,β = {beta}"),
    "figures_ch3.loss_axis": ("loss (log scale)", "损失(对数坐标)"),
    "figures_ch3.ewa_title": ("A noisy curve and its trend", "带噪声的曲线及其趋势"),
    "figures_ch3.gd_path": ("GD: exact gradient", "GD:精确梯度"),
    "figures_ch3.sgd_path": ("SGD: noisy gradient", "SGD:带噪声的梯度"),
    "figures_ch3.saddle": ("saddle point", "鞍点"),
    "figures_ch3.minima": ("minima", "极小值点"),
    "figures_ch3.saddle_title": ("f(a, b) = a² + b⁴/4 − b²/2", "f(a, b) = a² + b⁴/4 − b²/2 的等高线"),
}
