"""Text of the app shell (navigation, sidebar, link sharing, lecture mode) and of the home, chapter 6 and
chapter 7 pages and their figures. Chapter terms follow the course notes (逻辑斯蒂回归, 损失, 学习率, ...)."""

TEXT = {
    # ---------------------------------------------------------------- shell
    "i18n-a.language": ("Language · 语言", "语言 · Language"),
    "i18n-a.nav.home": ("Home", "首页"),
    "i18n-a.nav.ch6": ("6 · Logistic regression", "6 · 逻辑斯蒂回归"),
    "i18n-a.nav.ch7": ("7 · Multiple features", "7 · 处理多维输入"),
    "i18n-a.nav.ch8": ("8 · Mini-batches", "8 · 小批量 (Mini-Batch)"),
    "i18n-a.nav.ch9": ("9 · Softmax on MNIST", "9 · Softmax 与 MNIST 多分类"),
    "i18n-a.nav.draw": ("Draw a digit", "手写一个数字"),
    "i18n-a.lecture.toggle": ("Lecture mode", "授课模式"),
    "i18n-a.lecture.help": ("For a projector: larger text and charts, seed and pace controls hidden. "
                            "Links keep it as ?lecture=1.",
                            "投影用:更大的文字和图表,隐藏随机种子和速度等次要控件。链接中以 ?lecture=1 保留。"),
    "i18n-a.share.link": ("Link to this page with these settings (copy button on the right):",
                          "本页及当前设置的链接(右侧有复制按钮):"),
    "i18n-a.share.refused": ("The link's setting {key} = {value} is not allowed here (out of range or not an "
                             "option); the default is used instead.",
                             "链接中的设置 {key} = {value} 在此无效(超出范围或不是可选项),已改用默认值。"),
    "i18n-a.sidebar.device": ("Training on **{device}**", "训练设备:**{device}**"),
    "i18n-a.sidebar.missing": ("Missing data: {names}. Run `make run` (or `python -m core.data fetch`).",
                               "缺少数据:{names}。请运行 `make run`(或 `python -m core.data fetch`)。"),
    "i18n-a.sidebar.course": ("Course: 《PyTorch深度学习实践》 chapters 6–9", "课程:《PyTorch深度学习实践》第 6–9 讲"),
}
