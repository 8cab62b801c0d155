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
}
