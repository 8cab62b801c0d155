"""Chart text of ui/figures_ch5.py (the fitted line, the optimizer race, sum vs mean loss)."""

TEXT = {
    "figures_ch5.data": ("x_data, y_data (the lecture's three samples)", "x_data, y_data(课上的三个样本)"),
    "figures_ch5.line": ("the model now: ŷ = w·x + b", "当前模型:ŷ = w·x + b"),
    "figures_ch5.predict": ("prediction for x = 4", "x = 4 的预测"),
    "figures_ch5.target": ("y = 2x (where it should end)", "y = 2x(应当收敛到的直线)"),
    "figures_ch5.loss_log": ("loss (log scale)", "损失(对数坐标)"),
    "figures_ch5.step_axis": ("SGD step (full batch)", "SGD 步数(全批量)"),
}
