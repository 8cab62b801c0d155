"""Lecture 2 page (/linear-model): the linear model ŷ = x·w, the exhaustive search, the cost surface over (w, b).
Terms follow the course (线性模型, 损失, 代价, 均方误差, 穷举)."""

TEXT = {
    "ch2.nav": ("2 · Linear model", "2 · 线性模型"),
    "ch2.home": ("Guess w for ŷ = x·w and see each squared error; search every w to draw the cost curve; turn the "
                 "cost surface over (w, b) and edit the data under it.",
                 "为 ŷ = x·w 猜一个 w,看每个样本的平方误差;穷举每个 w 画出代价曲线;旋转 (w, b) 上的代价曲面,"
                 "并修改它下面的数据。"),
    "ch2.title": ("2 · The linear model 线性模型", "2 · 线性模型 (Linear Model)"),
    "ch2.intro": ("Three students studied x = 1, 2, 3 hours and scored y = 2, 4, 6 points. The linear model guesses "
                  "**ŷ = x·w**; the loss of one sample is **(ŷ − y)²**, and the cost **MSE** is its mean over the "
                  "samples. Training means finding the w with the lowest cost.",
                  "三名学生分别学习了 x = 1、2、3 小时,得分 y = 2、4、6。线性模型的预测是 **ŷ = x·w**;"
                  "单个样本的损失是 **(ŷ − y)²**,代价(均方误差 **MSE**)是所有样本损失的平均值。"
                  "训练就是找到使代价最小的 w。"),
    "ch2.data": ("The data (edit it and watch every chart follow)", "数据(修改它,所有图表随之变化)"),
    "ch2.points": ("add points x, y", "添加数据点 x, y"),
    "ch2.points_help": ("Points after the lecture's three, e.g. `4, 8; 5, 10.5` (x, y pairs separated by `;`).",
                        "在课程的三个点之后添加,例如 `4, 8; 5, 10.5`(每对 x, y 之间用 `;` 分隔)。"),
    "ch2.noise": ("noise on y (σ)", "y 的噪声 (σ)"),
    "ch2.noise_help": ("Adds Gaussian noise of this standard deviation to every y: the cost no longer reaches 0.",
                       "给每个 y 加上此标准差的高斯噪声:代价不再能降到 0。"),
    "ch2.seed": ("noise seed", "噪声随机种子"),
    "ch2.bad_points": ("These points cannot be used: {problem}. The lecture's data is shown instead.",
                       "无法使用这些数据点:{problem}。下面改为显示课程的数据。"),
    "ch2.edited": ("Your data: {n} samples (the lecture's 3 plus your edits).", "你的数据:{n} 个样本(课程的 3 个加上你的修改)。"),
    "ch2.guess": ("Guess w: each prediction and its squared error", "猜一个 w:每个预测值及其平方误差"),
    "ch2.w": ("weight w", "权重 w"),
    "ch2.col_loss": ("loss (ŷ − y)²", "损失 (ŷ − y)²"),
    "ch2.mse": ("cost MSE at this w", "此 w 的代价 MSE"),
    "ch2.mse_help": ("The mean of the loss column. At w = 1 on the lecture's data: (1 + 4 + 9) / 3 = 4.667.",
                     "损失一列的平均值。课程数据上 w = 1 时:(1 + 4 + 9) / 3 = 4.667。"),
    "ch2.search": ("Exhaustive search: try every w from 0.0 to 4.0", "穷举搜索:尝试 0.0 到 4.0 之间的每个 w"),
    "ch2.search_text": ("The lecture's `for w in np.arange(0.0, 4.1, 0.1)` computes the cost of 41 values of w and "
                        "plots them: a parabola, MSE(w) = mean(x²)·(w − w*)² + its lowest value. On the lecture's "
                        "data MSE(w) = (14/3)(w − 2)², lowest 0 at w = 2. Press **Search** to watch it tried one w at "
                        "a time.",
                        "课程中的 `for w in np.arange(0.0, 4.1, 0.1)` 计算 41 个 w 的代价并画出来:一条抛物线,"
                        "MSE(w) = mean(x²)·(w − w*)² 加上它的最小值。在课程数据上 MSE(w) = (14/3)(w − 2)²,"
                        "在 w = 2 处取得最小值 0。按 **搜索** 观看逐个尝试 w 的过程。"),
    "ch2.play": ("Search", "搜索"),
    "ch2.show_all": ("Show all", "全部显示"),
    "ch2.search_now": ("Trying w = {w}: MSE = {cost}", "正在尝试 w = {w}:MSE = {cost}"),
    "ch2.search_after": ("Between the grid's points the exact lowest cost is at w = {w} (mean(x·y) / mean(x²)). With "
                         "one weight a search is cheap; with millions of weights it is hopeless, which is why lecture 3 "
                         "follows the slope instead.",
                         "网格点之间,精确的最低代价位于 w = {w}(mean(x·y) / mean(x²))。只有一个权重时搜索很便宜;"
                         "有上百万个权重时就行不通了,所以第 3 讲改为沿着斜率下降。"),
    "ch2.search_table": ("The search's printout: w and its MSE", "搜索的输出:每个 w 及其 MSE"),
    "ch2.surface": ("Exercise: ŷ = x·w + b and the cost surface over (w, b)", "练习:ŷ = x·w + b 与 (w, b) 上的代价曲面"),
    "ch2.surface_text": ("With a bias b the cost depends on two numbers, so it is a surface (the lecture draws it with "
                         "`np.meshgrid`). Move w above and b here: your point moves on the bowl. The lowest point of "
                         "the lecture's data is w = 2, b = 0.",
                         "加上偏置 b 后,代价取决于两个数,于是成为一个曲面(课程用 `np.meshgrid` 绘制)。"
                         "拖动上面的 w 和这里的 b:你的点在碗形曲面上移动。课程数据的最低点是 w = 2, b = 0。"),
    "ch2.b": ("bias b", "偏置 b"),
    "ch2.mse_wb": ("cost MSE at (w, b)", "(w, b) 处的代价 MSE"),
    "ch2.best_fit": ("Lowest cost of this data: w = {w}, b = {b}, MSE = {cost}.",
                     "这组数据的最低代价:w = {w}, b = {b}, MSE = {cost}。"),
    "ch2.practice": ("In practice you cannot draw the cost of a real network: you watch the training curve (cost "
                     "against epoch) instead, and save checkpoints as it trains.",
                     "实际中无法画出真实网络的代价曲面:我们改为观察训练曲线(代价随轮数的变化),并在训练时保存检查点。"),
}
