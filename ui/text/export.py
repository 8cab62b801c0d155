"""Text of ui/export.py: the PyTorch code panel and its downloads."""

TEXT = {
    "export.title": ("PyTorch code for these settings", "这些设置对应的 PyTorch 代码"),
    "export.caption": (
        "The complete script the panel trains with, in the course's layout: Dataset, Model, criterion and "
        "optimizer, training loop. Run `python {name}`; the same seed gives the same numbers as this page "
        "(add `--json` to print them, `--steps 20` for a quick check). A learning rate changed mid-run is the "
        "script's learning rate from the first step. {data}",
        "本面板训练所用的完整脚本，按课程的结构：Dataset、Model、损失函数与优化器、训练循环。运行 `python {name}`；"
        "相同的随机种子得到与本页相同的数字（加 `--json` 打印记录，加 `--steps 20` 快速检查）。训练中途改过的学习率，"
        "在脚本里从第一步起就使用。{data}"),
    "export.data_inline": ("The data is written into the script.", "数据直接写在脚本里。"),
    "export.data_table": (
        "It reads torchplay's table from `data/` (or `--data PATH`).",
        "它从 `data/` 读取 torchplay 的数据表（或用 `--data PATH` 指定）。"),
    "export.data_mnist": (
        "It reads the four MNIST files from `data/MNIST/raw` (or `--data FOLDER`).",
        "它从 `data/MNIST/raw` 读取 MNIST 的四个文件（或用 `--data FOLDER` 指定）。"),
    "export.data_upload": (
        "Give it your table as the button beside it saves it: `--data my_table.csv` (features, then the 0/1 label).",
        "把旁边按钮保存的数据表交给它：`--data my_table.csv`（先是特征，最后是 0/1 标签）。"),
    "export.download": ("Download the script", "下载脚本"),
    "export.download_table": ("Download your table for it (my_table.csv)", "下载它要读的数据表（my_table.csv）"),
    "export.unavailable": ("No script for this run: {reason}.", "这次训练无法导出脚本：{reason}。"),
}
