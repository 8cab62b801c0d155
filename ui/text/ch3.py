"""Lecture 3 page (/gradient-descent): the lecture's run live, the learning rate, EWA, a saddle point.
Terms follow the course (梯度下降, 随机梯度下降, 学习率, 代价, 鞍点, 指数加权均值)."""

TEXT = {
    "ch3.nav": ("3 · Gradient descent", "3 · 梯度下降"),
    "ch3.home": ("Gradient descent from w = 1, step by step with the gradient drawn; the learning rate from crawling to "
                 "diverging; SGD beside it, a smoothed noisy curve and a saddle point.",
                 "从 w = 1 开始梯度下降,一步步画出梯度;学习率从缓慢爬行到发散;与随机梯度下降 (SGD) 对比,"
                 "平滑带噪声的曲线,以及鞍点。"),
    "ch3.title": ("3 · Gradient descent 梯度下降", "3 · 梯度下降 (Gradient Descent)"),
    "ch3.intro": ("Searching every w (lecture 2) does not scale. Gradient descent starts from a guess, **w = 1**, and "
                  "steps downhill: **w ← w − lr · ∂cost/∂w**, where ∂cost/∂w = mean 2·x·(x·w − y). It is greedy: it "
                  "follows the local slope, so it finds a local optimum.",
                  "穷举每个 w(第 2 讲)无法扩展到更多参数。梯度下降从一个猜测 **w = 1** 出发,沿下坡方向前进:"
                  "**w ← w − lr · ∂cost/∂w**,其中 ∂cost/∂w = mean 2·x·(x·w − y)。它是贪心的:只沿着局部斜率走,"
                  "所以找到的是局部最优。"),
    "ch3.live": ("The lecture's run: w = 1, lr 0.01, 100 epochs (press Start or Step)",
                 "课程中的训练:w = 1,lr 0.01,100 轮(按“开始”或“单步”)"),
    "ch3.lr_help": ("GD on this data diverges above 3/14 ≈ 0.2143: try 0.2, 0.21, 0.22 and 0.5.",
                    "在这组数据上,学习率超过 3/14 ≈ 0.2143 时梯度下降会发散:试试 0.2、0.21、0.22 和 0.5。"),
    "ch3.pace": ("epochs per second", "每秒轮数"),
    "ch3.pace_help": ("Slows the run down so you can follow each step on the curve.", "放慢训练,便于在曲线上跟随每一步。"),
    "ch3.with_sgd": ("SGD beside it", "同时运行 SGD"),
    "ch3.with_sgd_help": ("Stochastic gradient descent: one update per sample (3 per epoch), each with that sample's "
                          "gradient 2·x·(x·w − y).",
                          "随机梯度下降:每个样本更新一次(每轮 3 次),每次用该样本的梯度 2·x·(x·w − y)。"),
    "ch3.going_up": ("The cost went up: at lr = {lr} each step overshoots the minimum by more than it started from, "
                     "so the run diverges. Pick a learning rate below 0.2143.",
                     "代价上升了:lr = {lr} 时每一步越过最小值的距离比出发时更远,所以训练发散。请选择小于 0.2143 的学习率。"),
    "ch3.epoch": ("epoch", "轮数 (epoch)"),
    "ch3.w_gd": ("w (GD)", "w(梯度下降)"),
    "ch3.w_sgd": ("w (SGD)", "w(随机梯度下降)"),
    "ch3.predict": ("predict(4)", "预测 x = 4"),
    "ch3.predict_help": ("The lecture prints it before training (4.0, from w = 1) and after 100 epochs at lr 0.01 "
                         "(7.99978, from w = 1.99994).",
                         "课程在训练前打印它(w = 1 时为 4.0),并在 lr 0.01 训练 100 轮后再次打印(w = 1.99994 时为 7.99978)。"),
    "ch3.gd_name": ("GD (all 3 samples)", "GD(全部 3 个样本)"),
    "ch3.sgd_name": ("SGD (one sample)", "SGD(单个样本)"),
    "ch3.before": ("before training: w = 1", "训练前:w = 1"),
    "ch3.epoch_title": ("epoch {epoch}: w = {w}", "第 {epoch} 轮:w = {w}"),
    "ch3.curve_caption": ("The red line touches the cost curve at GD's newest w: its slope is the gradient ∂cost/∂w, "
                          "and the arrow points the way the next step goes (downhill, against the gradient).",
                          "红线在 GD 最新的 w 处与代价曲线相切:它的斜率就是梯度 ∂cost/∂w,"
                          "箭头指向下一步的方向(下坡,与梯度相反)。"),
    "ch3.cost_log": ("cost (log scale)", "代价(对数坐标)"),
    "ch3.loss_title": ("Cost after each epoch", "每轮之后的代价"),
    "ch3.loss_empty": ("the cost appears here as it trains", "训练开始后代价曲线会显示在这里"),
    "ch3.regimes": ("The learning rate: crawling, oscillating, diverging", "学习率:缓慢爬行、来回振荡、发散"),
    "ch3.threshold_text": ("Where does it break? The cost is a parabola whose second derivative is 2·mean(x²) = "
                           "**{curvature}** on this data, so one step gives **w − 2 ← (1 − lr·{curvature})·(w − 2)**. "
                           "The distance to the best w shrinks only while |1 − lr·{curvature}| < 1, that is "
                           "**lr < 2 / {curvature} = 3/14 ≈ {threshold}**. Below {wobble} (= 3/28) w creeps in from "
                           "one side; between {wobble} and {threshold} it overshoots and oscillates while closing in; "
                           "at exactly 3/14 it bounces between 1 and 3 for ever; above it every step lands farther "
                           "away: it **diverges**.",
                           "训练在哪里失效?代价是一条抛物线,在这组数据上它的二阶导数是 2·mean(x²) = **{curvature}**,"
                           "所以每一步有 **w − 2 ← (1 − lr·{curvature})·(w − 2)**。只有当 |1 − lr·{curvature}| < 1,"
                           "即 **lr < 2 / {curvature} = 3/14 ≈ {threshold}** 时,到最优 w 的距离才会缩小。"
                           "低于 {wobble}(= 3/28)时 w 从一侧慢慢靠近;在 {wobble} 与 {threshold} 之间它会越过最小值,"
                           "来回振荡着收敛;恰好等于 3/14 时它在 1 和 3 之间永远来回跳动;超过它,每一步都离得更远:**发散**。"),
    "ch3.explore_lr": ("learning rate", "学习率"),
    "ch3.explore_steps": ("steps", "步数"),
    "ch3.factor": ("each step multiplies w − 2 by", "每一步把 w − 2 乘以"),
    "ch3.factor_help": ("1 − lr · 2·mean(x²). Between −1 and 1 the steps converge; beyond, they diverge.",
                        "1 − lr · 2·mean(x²)。在 −1 与 1 之间时收敛;超出这个范围就发散。"),
    "ch3.regime.creeping": ("🐢 **Crawling**: each step removes under 10 % of the distance.",
                            "🐢 **缓慢爬行**:每一步缩短的距离不到 10%。"),
    "ch3.regime.converging": ("✅ **Converging** from one side, quickly.", "✅ 从一侧快速**收敛**。"),
    "ch3.regime.oscillating": ("↔️ **Oscillating**: it jumps over the minimum each step, closing in.",
                               "↔️ **振荡**:每一步都跳过最小值,但越来越近。"),
    "ch3.regime.bouncing": ("🏓 **Bouncing**: exactly at the threshold, it jumps between two points for ever.",
                            "🏓 **来回跳动**:恰好在阈值上,在两点之间永远来回。"),
    "ch3.regime.diverging": ("💥 **Diverging**: each step lands farther away and the cost goes up.",
                             "💥 **发散**:每一步都离得更远,代价不断上升。"),
    "ch3.ewa": ("Smoothing a noisy training curve", "平滑带噪声的训练曲线"),
    "ch3.ewa_text": ("A curve of single-sample losses jumps around. The lecture smooths it with an exponentially "
                     "weighted average: **v_t = β·v_(t−1) + (1 − β)·loss_t**. A larger β averages over more steps "
                     "(about 1/(1 − β)) and lags behind more.",
                     "单个样本的损失曲线上下跳动。课程用指数加权均值来平滑它:**v_t = β·v_(t−1) + (1 − β)·loss_t**。"
                     "β 越大,平均的步数越多(约 1/(1 − β)),也越滞后。"),
    "ch3.beta_help": ("0 keeps the raw curve; 0.99 averages over about 100 steps.", "0 保留原始曲线;0.99 约平均 100 步。"),
    "ch3.bias": ("bias correction", "偏差修正"),
    "ch3.bias_help": ("Divides v_t by 1 − β^t: without it the average starts near 0, because v_0 = 0.",
                      "把 v_t 除以 1 − β^t:不修正时,由于 v_0 = 0,平均值一开始会接近 0。"),
    "ch3.window": ("β averages over about {n} steps.", "这个 β 大约平均 {n} 步。"),
    "ch3.saddle": ("A saddle point: where GD stalls and SGD escapes", "鞍点:梯度下降停滞,随机梯度下降逃离"),
    "ch3.saddle_text": ("Deep learning's cost surfaces have few bad local minima but many **saddle points**, where the "
                        "gradient is 0 without being a minimum. Here GD starts on the ridge line b = 0, slides into the "
                        "saddle at (0, 0) and stops: the gradient there is 0. SGD's noisy gradient tips it off the "
                        "ridge, and it rolls down to a minimum.",
                        "深度学习的代价曲面上坏的局部极小值不多,但有许多**鞍点**:梯度为 0,却不是极小值。"
                        "这里 GD 从脊线 b = 0 出发,滑进 (0, 0) 处的鞍点后停住:那里的梯度为 0。"
                        "SGD 带噪声的梯度把它推离脊线,于是滚向一个极小值。"),
    "ch3.noise": ("SGD's gradient noise (σ)", "SGD 梯度噪声 (σ)"),
    "ch3.noise_help": ("The standard deviation of the noise added to each gradient; 0 makes SGD plain GD.",
                       "加到每个梯度上的噪声标准差;为 0 时 SGD 就是普通的 GD。"),
    "ch3.noise_seed": ("noise seed", "噪声随机种子"),
    "ch3.saddle_metric": ("f = {f}, gradient size {g}", "f = {f},梯度大小 {g}"),
    "ch3.saddle_after": ("Both take {steps} steps at lr {lr} from (1, 0). SGD pays for its escape: its steps depend on "
                         "each other, so it cannot be parallelised; mini-batches (lecture 8) are the compromise.",
                         "两者都从 (1, 0) 出发,以 lr {lr} 走 {steps} 步。SGD 的逃离是有代价的:它的每一步互相依赖,"
                         "无法并行;小批量(第 8 讲)是折中方案。"),
}
