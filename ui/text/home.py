"""Home page (pages/home.py): the intro, /draw's card and what this machine has ready (each chapter's card is
<chapter>.home in its own table)."""

TEXT = {
    "home.intro": ("A visual playground for 《PyTorch深度学习实践》 lectures 2–11: move a slider, and a real "
                   "PyTorch training loop answers with live charts.",
                   "《PyTorch深度学习实践》第 2–11 讲的可视化实验场:拖动滑块,真实的 PyTorch "
                   "训练循环就会用实时图表回应你。"),
    "home.draw": ("Draw with your finger or the mouse and watch the trained models read your handwriting, step "
                  "by step.",
                  "用手指或鼠标写一个数字,一步步看训练好的模型如何识别你的手写体。"),
    "home.machine": ("This machine", "本机状态"),
    "home.device": ("Training device", "训练设备"),
    "home.ready": ("✅ **{name}** ready", "✅ **{name}** 已就绪"),
    "home.missing": ("❌ **{name}** missing: run `make run`", "❌ **{name}** 缺失:请运行 `make run`"),
}
