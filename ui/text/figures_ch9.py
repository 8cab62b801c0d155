"""Chart text of ui/figures_ch9.py (softmax bars, one digit as numbers, pixel histograms, probes, confusion)."""

TEXT = {
    # chapter 9: softmax bars
    "figures_ch9.probs.hover": ("class %{x}: p = %{y:.6f}", "类别 %{x}：p = %{y:.6f}"),
    "figures_ch9.probs.title": ("softmax(z): {n} probabilities, sum = {total:.6f} (red: target {target}, outlined: most "
                                "likely)",
                                "softmax(z)：{n} 个概率，总和 = {total:.6f}（红色：目标类别 {target}，描边：最可能的类别）"),
    "figures_ch9.probs.y": ("probability", "概率"),
    "figures_ch9.class": ("class", "类别"),
    # chapter 9: one digit as numbers
    "figures_ch9.matrix.hover": ("row %{y}, column %{x}: %{z}", "第 %{y} 行，第 %{x} 列：%{z}"),
    "figures_ch9.matrix.title": ("Label {label}: 28 × 28 = 784 numbers from 0 (paper) to 255 (ink)",
                                 "标签 {label}：28 × 28 = 784 个数，从 0（纸）到 255（墨迹）"),
    # chapter 9: pixel histograms
    "figures_ch9.hist.before": ("ToTensor(): x = pixel / 255 — mean {mean:.4f}, std {std:.4f}",
                                "ToTensor()：x = 像素 / 255 — 均值 {mean:.4f}，标准差 {std:.4f}"),
    "figures_ch9.hist.after": ("Normalize(({mean},), ({std},)): (x − {mean}) / {std} — mean {new_mean:.4f}, "
                               "std {new_std:.4f}",
                               "Normalize(({mean},), ({std},))：(x − {mean}) / {std} — 均值 {new_mean:.4f}，"
                               "标准差 {new_std:.4f}"),
    "figures_ch9.hist.hover": ("value %{x:.3f}: %{y:,} pixels", "取值 %{x:.3f}：%{y:,} 个像素"),
    "figures_ch9.hist.y": ("pixels (all 60,000 training images)", "像素数（全部 60,000 张训练图像）"),
    "figures_ch9.hist.x": ("input value", "输入值"),
    # chapter 9: probes
    "figures_ch9.probe.hover": ("a %{customdata}: p(%{x}) = %{z:.4f}", "数字 %{customdata}：p(%{x}) = %{z:.4f}"),
    "figures_ch9.probe.title": ("Softmax outputs for one fixed test digit of each class (the diagonal should light up)",
                                "每个类别取一张固定的测试图像，看它的 Softmax 输出（对角线应该亮起来）"),
    "figures_ch9.predicted_class": ("predicted class", "预测类别"),
    "figures_ch9.true_class": ("true class", "真实类别"),
    # chapter 9: confusion matrix and per-class accuracy
    "figures_ch9.confusion.right": ("right", "正确"),
    "figures_ch9.confusion.wrong": ("wrong", "错误"),
    "figures_ch9.confusion.selected": ("selected", "已选中"),
    "figures_ch9.confusion.hover": ("true %{customdata[0]}, predicted %{customdata[1]}: %{customdata[2]} digits",
                                    "真实 %{customdata[0]}，预测 %{customdata[1]}：%{customdata[2]} 个数字"),
    "figures_ch9.confusion.title": ("Confusion matrix: {n} test digits", "混淆矩阵：{n} 个测试数字"),
    "figures_ch9.per_class.hover": ("digit %{x}: %{y:.2f} % right", "数字 %{x}：%{y:.2f} % 分对"),
    "figures_ch9.per_class.title": ("Accuracy per class", "各类别的准确率"),
    "figures_ch9.per_class.y": ("% right", "分对的百分比"),
}
