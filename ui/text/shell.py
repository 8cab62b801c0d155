"""Text of the app shell: the navigation titles of the pages that are no chapter (a chapter's is <chapter>.nav in
its own table), the sidebar (device, missing data, lecture mode), the language switch and
shared links (app.py, ui/sidebar.py, ui/i18n.py, ui/share.py, ui/status.py), and the data sets' names."""

TEXT = {
    "shell.language": ("Language · 语言", "语言 · Language"),
    "shell.nav.home": ("Home", "首页"),
    "shell.nav.draw": ("Draw a digit", "手写一个数字"),
    "shell.nav.class": ("Class", "课堂"),
    "shell.lecture.toggle": ("Lecture mode", "授课模式"),
    "shell.lecture.help": ("For a projector: larger text and charts, seed and pace controls hidden. "
                           "Links keep it as ?lecture=1.",
                           "投影用:更大的文字和图表,隐藏随机种子和速度等次要控件。链接中以 ?lecture=1 保留。"),
    "shell.share.link": ("Link to this page with these settings (copy button on the right):",
                         "本页及当前设置的链接(右侧有复制按钮):"),
    "shell.share.refused": ("The link's setting {setting} = {value} is not allowed here (out of range or not an "
                            "option); the default is used instead.",
                            "链接中的设置 {setting} = {value} 在此无效(超出范围或不是可选项),已改用默认值。"),
    "shell.device.cpu": ("CPU ({cores} cores)", "CPU({cores} 核)"),
    "shell.sidebar.device": ("Training on **{device}**", "训练设备:**{device}**"),
    "shell.sidebar.missing": ("Missing data: {names}. Run `make run` (or `python -m core.data fetch`).",
                              "缺少数据:{names}。请运行 `make run`(或 `python -m core.data fetch`)。"),
    "shell.sidebar.course": ("Course: 《PyTorch深度学习实践》 lectures 2–11", "课程:《PyTorch深度学习实践》第 2–11 讲"),
    "shell.dataset.MNIST": ("MNIST", "MNIST"),
    "shell.dataset.diabetes": ("diabetes", "糖尿病数据集"),
    "shell.dataset.Titanic": ("Titanic", "泰坦尼克号数据集"),
}
