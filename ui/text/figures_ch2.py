"""Chart text of ui/figures_ch2.py: lecture 2's fit, exhaustive search and cost surface."""

TEXT = {
    "figures_ch2.error": ("each sample's error ŷ − y", "每个样本的误差 ŷ − y"),
    "figures_ch2.data": ("the lecture's data", "课程数据"),
    "figures_ch2.fit_title": ("ŷ = x · w with w = {w}", "ŷ = x · w,w = {w}"),
    "figures_ch2.searched": ("MSE of each w tried", "已尝试的每个 w 的 MSE"),
    "figures_ch2.now": ("the w just tried", "刚刚尝试的 w"),
    "figures_ch2.lowest": ("lowest cost", "最小代价"),
    "figures_ch2.lowest_at": ("lowest: w = {w}, MSE = {cost}", "最小:w = {w},MSE = {cost}"),
    "figures_ch2.search_title": ("Exhaustive search: {n} of {total} values of w tried",
                                 "穷举搜索:已尝试 {total} 个 w 中的 {n} 个"),
    "figures_ch2.you": ("your (w, b)", "你的 (w, b)"),
    "figures_ch2.surface_title": ("Cost surface MSE(w, b) in 3-D (drag to turn it)", "代价曲面 MSE(w, b) 三维图(可拖动旋转)"),
    "figures_ch2.contour_title": ("The same surface from above: contour lines", "从上方看同一曲面:等高线"),
}
