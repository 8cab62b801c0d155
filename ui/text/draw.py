"""The /draw page: draw a digit, watch the preprocessing, teach the gallery; gallery-file errors in both languages."""

from core.gallery import MESSAGES as GALLERY_MESSAGES

_GALLERY_ERRORS_ZH = {
    "too_big": "文件大小为 {megabytes:.1f} MB；图集文件最大 {limit} MB。",
    "not_npz": "这不是图集文件：它不是 .npz 压缩包。请上传本页“下载手写图像（NPZ）”生成的文件。",
    "single_array": "这是单个 NumPy 数组（.npy），不是图集。请上传本页“下载手写图像（NPZ）”生成的文件。",
    "damaged": "这个 .npz 压缩包已损坏：其中的数组无法读取。请重新下载图集。",
    "pickled": "这个 .npz 的 {name!r} 中存有 Python 对象，它们从不会被加载：图集里只有数字数组。",
    "missing": "这个 .npz 不是图集：里面没有名为 {name!r} 的数组（它有 {names}）。",
    "unknown": "这个 .npz 不是图集：里面有一个名为 {name!r} 的数组，图集里从不会有它。",
    "too_large": "这个文件里的数组解压后有 {megabytes:.0f} MB；最多允许 {limit} MB。",
    "images_shape": "'images' 的形状是 {shape}；图集的图像应为 (N, 28, 28)。",
    "images_values": "'images' 里应是 0 到 1 之间的数（墨迹），但其中有 {problem}。",
    "labels_shape": "'labels' 的形状是 {shape}，但有 {count} 张图像：每张图像一个标签。",
    "labels_values": "标签 {value!r}（第 {index} 幅画）不是 0–9 的数字。",
    "empty": "图集文件里没有任何手写图像。",
    "too_many": "文件里有 {count} 幅画；一个图集最多保留 {limit} 幅。",
    "full": "加上这 {count} 幅画，图集会有 {total} 幅；最多保留 {limit} 幅。请先清空图集或少上传一些。",
    "canvases_shape": "'canvases' 的形状是 {shape}；图集的画布应为 (N, {side}, {side}, 4) 字节，每张图像一个。",
    "predictions_shape": "'predictions' 的形状是 {shape}，但有 {count} 幅画和 {models} 个模型。",
    "predictions_values": "'predictions' 里应是 0–9 的数字（没被问到的模型为 -1），但其中有 {value}。",
    "models_values": "'models' 应是模型名称的列表，但它是 {problem}。",
}
assert _GALLERY_ERRORS_ZH.keys() == GALLERY_MESSAGES.keys(), "every gallery-file error needs its 中文"

TEXT = {
    "draw.title": ("✏️ Draw a digit", "✏️ 手写数字"),
    "draw.intro": ("Draw one digit, 0–9, with your finger or the mouse. After every stroke the models read it: the "
                   "same 28×28 numbers an MNIST model was trained on, made from your drawing step by step below.",
                   "用手指或鼠标写一个 0–9 的数字。每画一笔，模型都会读一遍：下面一步步把你的画变成 28×28 个数，"
                   "和 MNIST 模型训练时见到的一样。"),
    # the default models
    "draw.build_failed": ("Building the default models failed: {error}. Run `python -m core.defaults ensure` in a "
                          "terminal to see the details.",
                          "训练默认模型失败：{error}。请在终端运行 `python -m core.defaults ensure` 查看详情。"),
    "draw.building": ("Training the default models: {message}", "正在训练默认模型：{message}"),
    # core.defaults.Note keys: the progress of that build
    "draw.build.waiting": ("waiting to start", "等待开始"),
    "draw.build.starting": ("starting", "正在启动"),
    "draw.build.loading": ("{model}: loading MNIST", "{model}：正在加载 MNIST"),
    "draw.build.epoch": ("{model}: epoch {epoch}/{epochs}, loss {loss:.3f}",
                         "{model}：第 {epoch}/{epochs} 轮，损失 {loss:.3f}"),
    "draw.build.ready": ("default models ready", "默认模型已就绪"),
    "draw.first_visit": ("First visit: the default MLP and CNN are being trained on MNIST (a few minutes on a laptop "
                         "CPU). `make run` or `python -m core.defaults ensure` does this ahead of time.",
                         "首次访问：正在用 MNIST 训练默认的 MLP 和 CNN（在笔记本电脑的 CPU 上要几分钟）。"
                         "`make run` 或 `python -m core.defaults ensure` 可以提前完成这一步。"),
    "draw.model.mnist_mlp": ("MLP (course, ch. 9)", "MLP（课程第 9 讲）"),
    "draw.model.mnist_cnn": ("CNN", "CNN"),
    "draw.model.session": ("This session: {name}", "本会话：{name}"),
    "draw.model.session_acc": ("This session: {name} ({acc:.1%})", "本会话：{name}（{acc:.1%}）"),
    "draw.model.tuned": ("My tuned model (from {base})", "我调教的模型（基于 {base}）"),
    "draw.model.tuned_short": ("tuned", "调教后"),
    # models named in a gallery from another session or computer, no longer on offer here
    "draw.model.tuned_elsewhere": ("a tuned model (another session)", "调教过的模型（来自另一个会话）"),
    "draw.model.session_elsewhere": ("a chapter 9 model (another session)", "第 9 讲的模型（来自另一个会话）"),
    "draw.model.session_short": ("ch. 9 model", "第 9 讲模型"),
    "draw.model.saved_elsewhere": ("saved model {name}", "保存的模型 {name}"),
    "draw.unusable": ("The saved model `{file}` cannot be used: {error}", "已保存的模型 `{file}` 无法使用：{error}"),
    # drawing
    "draw.pen": ("Pen width", "笔画粗细"),
    "draw.pen.help": ("Thicker or thinner strokes change what the model sees; preprocessing scales the digit, so the "
                      "pen's width relative to it matters.",
                      "笔画粗细会改变模型看到的样子；预处理会缩放数字，所以重要的是笔画相对于数字的粗细。"),
    "draw.clear": ("Clear", "清空"),
    "draw.threshold": ("Not-sure threshold", "“不确定”阈值"),
    "draw.threshold.help": ("Below this top probability the page says the model is not sure.",
                            "最大概率低于这个值时，页面会说模型“不确定”。"),
    "draw.pen_adjust": ("Make the pen width MNIST-like", "把笔画粗细调得像 MNIST"),
    "draw.pen_adjust.help": ("A finger or mouse pen is thick for a small digit; MNIST strokes are about 1/8 of the "
                             "digit's size. Switch off to see what the models make of your pen as it is.",
                             "对小数字来说手指或鼠标的笔画偏粗；MNIST 的笔画大约是数字大小的 1/8。关掉它，"
                             "看看模型如何读原样的笔画。"),
    # reading
    "draw.models": ("Models (the first one gives the main prediction)", "模型（第一个给出主要预测）"),
    "draw.models.help": ("The defaults, the model you trained on *9 · Softmax on MNIST* in this session, then saved "
                         "models: yours, your class's, this server's, newest first. Type to search by name.",
                         "默认模型、本会话在 *9 · MNIST 上的 Softmax 分类器* 页训练的模型，然后是保存的模型："
                         "你的、本班的、本服务器的，新的在前。输入名字可以搜索。"),
    "draw.pick_model": ("Pick at least one model above.", "请在上面至少选择一个模型。"),
    "draw.prediction": ("Prediction", "预测"),
    "draw.prediction.help": ("What {model} reads", "{model} 读到的数字"),
    "draw.empty": ("Draw a digit on the black square.", "请在黑色方框里写一个数字。"),
    "draw.not_sure": ("Not sure: {model} gives its best guess, {digit}, only {p:.0%}. Try a bigger, centred digit, "
                      "or look at the bars: what else could it be?",
                      "不确定：{model} 最有把握的猜测是 {digit}，但只有 {p:.0%}。试试写大一点、居中一点，"
                      "或者看看柱状图：还可能是哪个数字？"),
    "draw.sure": ("{model} is {p:.0%} sure it is a **{digit}**.", "{model} 有 {p:.0%} 的把握认为这是 **{digit}**。"),
    "draw.sure_delta": ("{p:.0%} sure", "把握 {p:.0%}"),
    # what the model sees
    "draw.sees": ("What the model sees", "模型看到了什么"),
    "draw.sees.empty": ("Each step of the MNIST procedure appears here once you draw: crop the ink, scale its longer "
                        "side to {box} px, centre it by its centre of mass in a {field}×{field} field, normalise.",
                        "写下数字后，这里会逐步显示 MNIST 的处理流程：裁出墨迹，把长边缩放到 {box} 像素，"
                        "按质心放到 {field}×{field} 的中央，再做标准化。"),
    "draw.naive": ("Compare: what if the {canvas}×{canvas} canvas were just shrunk to {field}×{field}?",
                   "对比：如果把 {canvas}×{canvas} 的画布直接缩小到 {field}×{field} 会怎样？"),
    "draw.naive.caption": ("naive resize: the whole canvas at 28×28", "直接缩小：整个画布变成 28×28"),
    "draw.naive.same": ("same as with preprocessing", "与预处理后的结果相同"),
    "draw.naive.different": ("**different**", "**不同**"),
    "draw.naive.reads": ("- {model}: reads **{digit}** ({p:.0%} sure), {verdict}",
                         "- {model}：读成 **{digit}**（把握 {p:.0%}），{verdict}"),
    "draw.naive.why": ("MNIST digits are about 20 px tall and centred; a small or off-centre drawing shrunk whole "
                       "lands somewhere the model never saw a digit.",
                       "MNIST 的数字约 20 像素高并且居中；写得小或偏的数字整张缩小后，落在模型从没见过数字的位置。"),
    "draw.numbers": ("Show the 28×28 numbers the model reads", "显示模型读入的 28×28 个数"),
    "draw.numbers.title": ("normalised input (what the first layer multiplies)", "标准化后的输入（第一层与之相乘的数）"),
    # the gallery
    "draw.gallery": ("That's wrong? Teach the gallery", "认错了？把它收进图集"),
    "draw.truth": ("That's wrong — it was a …", "认错了——其实是 …"),
    "draw.truth.placeholder": ("leave empty if the prediction is right", "预测正确就留空"),
    "draw.add": ("Add to gallery", "加入图集"),
    "draw.add.help": ("Keeps this drawing with its true label and every model's guess; the canvas clears.",
                      "保存这幅画、它的真实标签和每个模型的猜测；画布随后清空。"),
    "draw.entry": ("true {label} · {guesses}", "真实 {label} · {guesses}"),
    "draw.right_so_far": ("Right so far: {counts}", "目前答对：{counts}"),
    "draw.right_count": ("{model} read {hits} of {total} drawings right", "{model} 在 {total} 幅画中认对 {hits} 幅"),
    "draw.npz": ("Download drawings (NPZ)", "下载手写图像（NPZ）"),
    "draw.npz.help": ("images (N,28,28) as the model saw them, raw canvases, labels, predictions",
                      "模型看到的图像 (N,28,28)、原始画布、标签和预测"),
    "draw.png": ("Download contact sheet (PNG)", "下载缩略图总览（PNG）"),
    "draw.empty_gallery": ("Empty the gallery", "清空图集"),
    "draw.no_gallery": ("Label a drawing to start a gallery of your own handwriting; download it to test models on "
                        "it later.",
                        "给一幅画标上标签，就开始了你自己的手写图集；下载下来，以后可以拿它测试模型。"),
    "draw.upload": ("Upload a gallery (NPZ)", "上传图集（NPZ）"),
    "draw.upload.help": ("A file made by “Download drawings (NPZ)”, on this page or another computer: its drawings "
                         "are added to the gallery.",
                         "由“下载手写图像（NPZ）”生成的文件，来自本页或另一台电脑：其中的手写图像会加入图集。"),
    "draw.upload.added": ("Added {n} drawings from {name} to the gallery.", "已把 {name} 中的 {n} 幅画加入图集。"),
    # teaching a model the learner's handwriting
    "draw.teach": ("Teach the model my handwriting", "教模型认我的字"),
    "draw.teach.intro": ("Fine-tunes a copy of **{model}** (the first model picked above) on your gallery for a few "
                         "seconds. Some drawings of each digit are held back and never taught, so the before/after "
                         "check is fair: each digit in the gallery needs at least 2 drawings.",
                         "用你的图集把 **{model}**（上面选中的第一个模型）的一个副本微调几秒钟。每个数字都留出"
                         "几幅画不参与训练，用来公平地比较训练前后：图集里的每个数字至少需要 2 幅画。"),
    "draw.teach.mix": ("Mix in MNIST digits while teaching", "教的时候混入 MNIST 数字"),
    "draw.teach.mix.help": ("Half of each batch are MNIST training digits, so the model keeps reading MNIST. Switch "
                            "off to teach your drawings alone and watch the MNIST accuracy fall: forgetting.",
                            "每个批次有一半是 MNIST 训练数字，模型就不会忘了 MNIST。关掉它只教你的画，"
                            "看 MNIST 准确率下降：这就是遗忘。"),
    "draw.teach.go": ("Teach the model my handwriting", "教模型认我的字"),
    "draw.teach.empty": ("The gallery is empty: label at least 2 drawings of a digit to teach it.",
                         "图集是空的：每个数字至少标注 2 幅画才能教。"),
    "draw.teach.too_few": ("Each digit in the gallery needs at least 2 drawings (one to learn from, one to check "
                           "with). Draw one more of: {digits}.",
                           "图集里的每个数字至少需要 2 幅画（一幅用来学，一幅用来检验）。请再写一个：{digits}。"),
    "draw.teach.failed": ("Teaching failed: {error}", "教学失败：{error}"),
    "draw.teach.waiting": ("Waiting for a free training slot: everyone's runs share this server's slots …",
                           "等待空闲的训练位：所有人的训练共用服务器的训练位 …"),
    "draw.teach.loading": ("Loading MNIST …", "正在加载 MNIST …"),
    "draw.teach.scoring": ("Scoring the model before teaching …", "正在给教之前的模型打分 …"),
    "draw.teach.teaching": ("Teaching your handwriting …", "正在学习你的笔迹 …"),
    "draw.teach.checking": ("Checking the taught model …", "正在检验教过的模型 …"),
    "draw.teach.done": ("Taught a copy of {base} on {n} of your drawings for {steps} steps ({seconds:.1f} s), "
                        "{mix}. It is now in the model picker as *My tuned model*.",
                        "用你的 {n} 幅画把 {base} 的副本教了 {steps} 步（{seconds:.1f} 秒），{mix}。"
                        "它已加入上面的模型列表，名为*我调教的模型*。"),
    "draw.teach.with_mix": ("mixed with MNIST digits", "混入了 MNIST 数字"),
    "draw.teach.without_mix": ("your drawings alone", "只用你的画"),
    "draw.teach.held": ("Held-back drawings ({n}), before → after", "留出的画（{n} 幅），教之前 → 教之后"),
    "draw.teach.mnist": ("MNIST test digits (the first {n:,} of 10,000), before → after",
                         "MNIST 测试数字（10,000 个中的前 {n:,} 个），教之前 → 教之后"),
    "draw.teach.points": ("{points:+.1f} points", "{points:+.1f} 个百分点"),
    "draw.teach.changed": ("Held-back drawings that changed answer ({n}):", "答案变了的留出画（{n} 幅）："),
    "draw.teach.change": ("true {label}: {before} → {after}", "真实 {label}：{before} → {after}"),
    "draw.teach.unchanged": ("No held-back drawing changed answer.", "留出的画没有一幅改变答案。"),
    "draw.teach.note": ("A few held-back drawings make a rough figure: one drawing is a big step. Draw more of each "
                        "digit for a steadier one.",
                        "留出的画只有几幅，数字很粗略：一幅画就差好多。每个数字多写几幅，结果更稳定。"),
    "draw.teach.name": ("Name to save it under", "保存的名称"),
    "draw.teach.save": ("Save the tuned model", "保存调教后的模型"),
    "draw.teach.bad_name": ("Use 1–40 letters, digits, - or _, starting with a letter or digit.",
                            "请用 1–40 个字母、数字、- 或 _，以字母或数字开头。"),
    # how well the defaults read drawn digits
    "draw.how_well": ("How well do the default models read drawn digits?", "默认模型读手写数字的效果如何？"),
    "draw.col.model": ("model", "模型"),
    "draw.col.mnist": ("MNIST test accuracy", "MNIST 测试集准确率"),
    "draw.col.tuning": ("drawn tuning set, this page's preprocessing", "手写调参集，经本页预处理"),
    "draw.col.naive": ("drawn tuning set, naive resize", "手写调参集，直接缩小"),
    "draw.tuning": ("Drawn tuning set: {n} digits that are not MNIST (replayed pen strokes and handwriting fonts, "
                    "bench/handwriting.py), scored by `python -m bench.handwriting record`. It is a *tuning* set, not "
                    "a test: this page's preprocessing and the models' augmentation were chosen by their scores on "
                    "it, so its figures flatter them. Your own drawings are the real test.",
                    "手写调参集：{n} 个不属于 MNIST 的数字（重放的笔画和手写字体，见 bench/handwriting.py），"
                    "由 `python -m bench.handwriting record` 评分。它是*调参集*而不是测试集：本页的预处理和模型的"
                    "数据增强都是按它上面的分数选出来的，所以这些数字偏乐观。你自己写的数字才是真正的测试。"),
    "draw.tuning_missing": ("How they read drawn digits is measured on the drawn tuning set (bench/handwriting.py), "
                            "which these checkpoints have not been scored on yet. Run `python -m bench.handwriting "
                            "record` (`make models` does) to add those figures here.",
                            "读手写数字的效果要在手写调参集（bench/handwriting.py）上测量，而这些模型还没有在上面"
                            "评分。运行 `python -m bench.handwriting record`（`make models` 会运行它），这里就会"
                            "显示这些数字。"),
    "draw.rebuild": ("Both models were trained with random slants, sizes and pen widths (augmentation). Rebuild them "
                     "yourself with:",
                     "两个模型训练时都加入了随机的倾斜、大小和笔画粗细（数据增强）。自己重新训练它们："),
    **{f"draw.upload.error.{code}": (GALLERY_MESSAGES[code], _GALLERY_ERRORS_ZH[code]) for code in GALLERY_MESSAGES},
}
