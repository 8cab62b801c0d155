"""Text of what chapters 9-11's MNIST pages share (ui/mnist_live.py): loading MNIST and lectures 10-11's settings."""

TEXT = {
    "mnist_live.loading": ("Loading MNIST …", "正在加载 MNIST …"),
    "mnist_live.not_ready": ("MNIST is not ready in `{dir}` (missing or damaged: {files}). Run `make run` or "
                             "`python -m core.data fetch` in the project folder, then reload this page.",
                             "MNIST 数据还没有准备好：`{dir}` 里缺少或损坏的文件：{files}。请在项目目录里运行 `make run` 或 "
                             "`python -m core.data fetch`，然后刷新本页。"),
    "mnist_live.epochs": ("epochs", "轮数（epoch）"),
    "mnist_live.train_subset": ("training digits", "训练图像数"),
    "mnist_live.train_subset.help": ("Train on the first N training digits only: faster epochs, a little lower "
                                     "accuracy. The course trains on all 60,000.",
                                     "只用前 N 张训练图像：每轮更快，准确率略低。课程使用全部 60,000 张。"),
    "mnist_live.lr": ("learning rate", "学习率"),
    "mnist_live.momentum": ("momentum", "动量（momentum）"),
    "mnist_live.batch": ("batch size", "批量大小"),
}
