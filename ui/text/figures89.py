"""Chart text of ui/figures_ch8.py, ui/figures_ch9.py and ui/figures_draw.py (titles, axes, legends, hovers)."""

TEXT = {
    # chapter 8: the batches of an epoch
    "fig89.layout.epoch": ("epoch {n}", "第 {n} 轮"),
    "fig89.layout.batch": ("batch ", "Batch "),
    "fig89.layout.left_out": ("left out (drop_last)", "轮空（drop_last）"),
    "fig89.layout.hover": ("sample %{{x}} · %{{y}}<br>%{{text}} of {iterations}",
                           "样本 %{{x}} · %{{y}}<br>%{{text}}，共 {iterations} 个"),
    "fig89.layout.title": ("Each sample (column) coloured by the batch it is in: {iterations} iterations per epoch",
                           "每个样本（一列）按所在的 Batch 着色：每个 Epoch {iterations} 次迭代"),
    "fig89.layout.x": ("sample index in the dataset", "样本在数据集中的下标"),
    # chapter 8: the race
    "fig89.race.batch_loss": ("{run}: batch loss", "{run}：Batch 损失"),
    "fig89.race.batch_hover": ("%{x:.4~g} → batch loss %{y:.4f}", "%{x:.4~g} → Batch 损失 %{y:.4f}"),
    "fig89.race.epoch_hover": ("%{x:.4~g} → epoch %{customdata}: loss %{y:.4f}",
                               "%{x:.4~g} → 第 %{customdata} 轮：损失 %{y:.4f}"),
    "fig89.race.x.step": ("iterations (optimizer steps)", "迭代次数（优化器更新步数）"),
    "fig89.race.x.time": ("compute time (s)", "计算时间（秒）"),
    "fig89.race.y": ("BCE loss", "BCE 损失"),
    "fig89.race.title.step": ("BCE loss against iterations", "BCE 损失随迭代次数的变化"),
    "fig89.race.title.time": ("BCE loss against time", "BCE 损失随时间的变化"),
    # chapter 8: Titanic ages
    "fig89.ages.known": ("age known ({n})", "有年龄记录（{n}）"),
    "fig89.ages.filled": ("age missing, filled in ({n})", "年龄缺失，已填补（{n}）"),
    "fig89.ages.title": ("Passenger ages before and after filling in the missing ones",
                         "填补缺失年龄前后的乘客年龄分布"),
    "fig89.ages.x": ("age (years)", "年龄（岁）"),
    "fig89.ages.y": ("passengers", "乘客人数"),
    # chapter 9: softmax bars
    "fig89.probs.hover": ("class %{x}: p = %{y:.6f}", "类别 %{x}：p = %{y:.6f}"),
    "fig89.probs.title": ("softmax(z): {n} probabilities, sum = {total:.6f} (red: target {target}, outlined: most "
                          "likely)",
                          "softmax(z)：{n} 个概率，总和 = {total:.6f}（红色：目标类别 {target}，描边：最可能的类别）"),
    "fig89.probs.y": ("probability", "概率"),
    "fig89.class": ("class", "类别"),
    # chapter 9: one digit as numbers
    "fig89.matrix.hover": ("row %{y}, column %{x}: %{z}", "第 %{y} 行，第 %{x} 列：%{z}"),
    "fig89.matrix.title": ("Label {label}: 28 × 28 = 784 numbers from 0 (paper) to 255 (ink)",
                           "标签 {label}：28 × 28 = 784 个数，从 0（纸）到 255（墨迹）"),
    # chapter 9: pixel histograms
    "fig89.hist.before": ("ToTensor(): x = pixel / 255 — mean {mean:.4f}, std {std:.4f}",
                          "ToTensor()：x = 像素 / 255 — 均值 {mean:.4f}，标准差 {std:.4f}"),
    "fig89.hist.after": ("Normalize(({mean},), ({std},)): (x − {mean}) / {std} — mean {new_mean:.4f}, "
                         "std {new_std:.4f}",
                         "Normalize(({mean},), ({std},))：(x − {mean}) / {std} — 均值 {new_mean:.4f}，"
                         "标准差 {new_std:.4f}"),
    "fig89.hist.hover": ("value %{x:.3f}: %{y:,} pixels", "取值 %{x:.3f}：%{y:,} 个像素"),
    "fig89.hist.y": ("pixels (all 60,000 training images)", "像素数（全部 60,000 张训练图像）"),
    "fig89.hist.x": ("input value", "输入值"),
    # chapter 9: probes
    "fig89.probe.hover": ("a %{customdata}: p(%{x}) = %{z:.4f}", "数字 %{customdata}：p(%{x}) = %{z:.4f}"),
    "fig89.probe.title": ("Softmax outputs for one fixed test digit of each class (the diagonal should light up)",
                          "每个类别取一张固定的测试图像，看它的 Softmax 输出（对角线应该亮起来）"),
    "fig89.predicted_class": ("predicted class", "预测类别"),
    "fig89.true_class": ("true class", "真实类别"),
    # chapter 9: confusion matrix and per-class accuracy
    "fig89.confusion.right": ("right", "正确"),
    "fig89.confusion.wrong": ("wrong", "错误"),
    "fig89.confusion.selected": ("selected", "已选中"),
    "fig89.confusion.hover": ("true %{customdata[0]}, predicted %{customdata[1]}: %{customdata[2]} digits",
                              "真实 %{customdata[0]}，预测 %{customdata[1]}：%{customdata[2]} 个数字"),
    "fig89.confusion.title": ("Confusion matrix: {n} test digits", "混淆矩阵：{n} 个测试数字"),
    "fig89.per_class.hover": ("digit %{x}: %{y:.2f} % right", "数字 %{x}：%{y:.2f} % 分对"),
    "fig89.per_class.title": ("Accuracy per class", "各类别的准确率"),
    "fig89.per_class.y": ("% right", "分对的百分比"),
    # /draw: probability bars, the 28x28 numbers, the preprocessing stages
    "fig89.bars.hover": ("{model}<br>P(digit %{{x}}) = %{{y:.3f}}", "{model}<br>P(数字 %{{x}}) = %{{y:.3f}}"),
    "fig89.bars.not_sure": ("not sure below {threshold:.0%}", "低于 {threshold:.0%} 即“不确定”"),
    "fig89.bars.x": ("digit", "数字"),
    "fig89.bars.y": ("softmax probability", "softmax 概率"),
    "fig89.heatmap.hover": ("row %{y}, col %{x}: %{z:.3f}", "第 %{y} 行，第 %{x} 列：%{z:.3f}"),
    "fig89.stage.canvas": ("your canvas, {px}×{px} px", "你的画布，{px}×{px} 像素"),
    "fig89.stage.box": ("ink box, {height}×{width} px", "墨迹的外框，{height}×{width} 像素"),
    "fig89.stage.pen": ("pen width ≈ {width:.0f} px → ≈ {target:.0f} px, MNIST-like for this size",
                        "笔画粗细 ≈ {width:.0f} 像素 → ≈ {target:.0f} 像素，对这个大小来说像 MNIST"),
    "fig89.stage.scaled": ("longer side {side} px: {height}×{width}", "长边缩放到 {side} 像素：{height}×{width}"),
    "fig89.stage.centred": ("centred by mass in {height}×{width} (circle: centre of mass)",
                            "按质心放到 {height}×{width} 的中央（圆圈：质心）"),
    "fig89.stage.normalised": ("normalised: (x − {mean}) / {std}, the model's input",
                               "标准化：(x − {mean}) / {std}，即模型的输入"),
}
