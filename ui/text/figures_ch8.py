"""Chart text of ui/figures_ch8.py (the batches of an epoch, the batch-size race, Titanic ages)."""

TEXT = {
    # chapter 8: the batches of an epoch
    "figures_ch8.layout.epoch": ("epoch {n}", "第 {n} 轮"),
    "figures_ch8.layout.batch": ("batch ", "Batch "),
    "figures_ch8.layout.left_out": ("left out (drop_last)", "轮空（drop_last）"),
    "figures_ch8.layout.hover": ("sample %{{x}} · %{{y}}<br>%{{text}} of {iterations}",
                                 "样本 %{{x}} · %{{y}}<br>%{{text}}，共 {iterations} 个"),
    "figures_ch8.layout.title": ("Each sample (column) coloured by the batch it is in: {iterations} iterations per epoch",
                                 "每个样本（一列）按所在的 Batch 着色：每个 Epoch {iterations} 次迭代"),
    "figures_ch8.layout.x": ("sample index in the dataset", "样本在数据集中的下标"),
    # chapter 8: the race
    "figures_ch8.race.batch_loss": ("{run}: batch loss", "{run}：Batch 损失"),
    "figures_ch8.race.batch_hover": ("%{x:.4~g} → batch loss %{y:.4f}", "%{x:.4~g} → Batch 损失 %{y:.4f}"),
    "figures_ch8.race.epoch_hover": ("%{x:.4~g} → epoch %{customdata}: loss %{y:.4f}",
                                     "%{x:.4~g} → 第 %{customdata} 轮：损失 %{y:.4f}"),
    "figures_ch8.race.x.step": ("iterations (optimizer steps)", "迭代次数（优化器更新步数）"),
    "figures_ch8.race.x.time": ("compute time (s)", "计算时间（秒）"),
    "figures_ch8.race.y": ("BCE loss", "BCE 损失"),
    "figures_ch8.race.title.step": ("BCE loss against iterations", "BCE 损失随迭代次数的变化"),
    "figures_ch8.race.title.time": ("BCE loss against time", "BCE 损失随时间的变化"),
    # chapter 8: Titanic ages
    "figures_ch8.ages.known": ("age known ({n})", "有年龄记录（{n}）"),
    "figures_ch8.ages.filled": ("age missing, filled in ({n})", "年龄缺失，已填补（{n}）"),
    "figures_ch8.ages.title": ("Passenger ages before and after filling in the missing ones",
                               "填补缺失年龄前后的乘客年龄分布"),
    "figures_ch8.ages.x": ("age (years)", "年龄（岁）"),
    "figures_ch8.ages.y": ("passengers", "乘客人数"),
}
