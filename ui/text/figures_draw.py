"""Chart text of ui/figures_draw.py (the models' readings, the drawing's preprocessing stages)."""

TEXT = {
    # /draw: probability bars, the 28x28 numbers, the preprocessing stages
    "figures_draw.bars.hover": ("{model}<br>P(digit %{{x}}) = %{{y:.3f}}", "{model}<br>P(数字 %{{x}}) = %{{y:.3f}}"),
    "figures_draw.bars.not_sure": ("not sure below {threshold:.0%}", "低于 {threshold:.0%} 即“不确定”"),
    "figures_draw.bars.x": ("digit", "数字"),
    "figures_draw.bars.y": ("softmax probability", "softmax 概率"),
    "figures_draw.heatmap.hover": ("row %{y}, col %{x}: %{z:.3f}", "第 %{y} 行，第 %{x} 列：%{z:.3f}"),
    "figures_draw.stage.canvas": ("your canvas, {px}×{px} px", "你的画布，{px}×{px} 像素"),
    "figures_draw.stage.box": ("ink box, {height}×{width} px (height × width)",
                               "墨迹的外框，{height}×{width} 像素（高 × 宽）"),
    "figures_draw.stage.pen": ("pen width ≈ {width:.0f} px → ≈ {target:.0f} px, MNIST-like for this size",
                               "笔画粗细 ≈ {width:.0f} 像素 → ≈ {target:.0f} 像素，对这个大小来说像 MNIST"),
    "figures_draw.stage.scaled": ("longer side {side} px: {height}×{width} (height × width)",
                                  "长边缩放到 {side} 像素：{height}×{width}（高 × 宽）"),
    "figures_draw.stage.centred": ("centred by mass in {height}×{width} (circle: centre of mass)",
                                   "按质心放到 {height}×{width} 的中央（圆圈：质心）"),
    "figures_draw.stage.normalised": ("normalised: (x − {mean}) / {std}, the model's input",
                                      "标准化：(x − {mean}) / {std}，即模型的输入"),
}
