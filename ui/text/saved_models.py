"""Text of ui/saved_models.py: saving a model for everyone, /draw's saved models, deleting them."""

TEXT = {
    "saved_models.saved": ("Saved “{name}” for {where}; their Draw page lists it, and this session already uses it.",
                           "已保存“{name}”，{where}；他们的“手写数字”页会列出它，本会话已经在用了。"),
    "saved_models.where.class": ("your class and its lecturer", "本班同学和老师都能看到"),
    "saved_models.where.shared": ("everyone on this server", "本服务器上的所有人都能看到"),
    "saved_models.exists": ("You already saved a model called “{name}”: choose another name, or replace it with the "
                            "button below.",
                            "你已经保存过名为“{name}”的模型：请换个名字，或者用下面的按钮覆盖它。"),
    "saved_models.taken": ("“{name}” is another learner's model: only they (or the class's lecturer) can replace it. "
                           "“{free}” is free.",
                           "“{name}”是另一位同学的模型：只有他/她（或班级的老师）可以覆盖它。“{free}”这个名字还没人用。"),
    "saved_models.quota.session": ("You have saved {most} models here already, the most one session may: delete one "
                                   "on the Draw page (under “My saved models”) first.",
                                   "你在这里已经保存了 {most} 个模型，这是每个会话的上限：请先在“手写数字”页"
                                   "（“我保存的模型”下）删除一个。"),
    "saved_models.quota.class": ("Your class has {most} saved models, its limit: the lecturer can delete some on the "
                                 "class board.",
                                 "本班已经保存了 {most} 个模型，达到上限：老师可以在班级看板上删除一些。"),
    "saved_models.quota.machine": ("This server's list holds {most} saved models, its limit.",
                                   "本服务器的列表已有 {most} 个模型，达到上限。"),
    "saved_models.quota.bytes": ("The space for saved models on this server ({most}) is full: ask the lecturer to "
                                 "delete some.",
                                 "本服务器用于保存模型的空间（{most}）已满：请老师删除一些。"),
    "saved_models.store_failed": ("The model store could not do it: {error}", "模型存储出错：{error}"),
    "saved_models.too_large": ("This model's checkpoint is {size:.1f} MB; a saved model is at most {most} MB.",
                               "这个模型的检查点有 {size:.1f} MB；保存的模型最多 {most} MB。"),
    "saved_models.group.mine": ("Mine: {name} ({kind})", "我的：{name}（{kind}）"),
    "saved_models.group.class": ("My class: {name} ({kind}, {who})", "本班：{name}（{kind}，{who}）"),
    "saved_models.group.shared": ("This server: {name} ({kind})", "本服务器：{name}（{kind}）"),
    "saved_models.gone": ("The saved model “{name}” is no longer there (deleted, or replaced by a newer one).",
                          "已保存的模型“{name}”不在了（被删除，或被更新的模型挤掉）。"),
    "saved_models.not_yours": ("“{name}” was saved by another learner: only they or the lecturer can delete it.",
                               "“{name}”是另一位同学保存的：只有他/她或老师可以删除。"),
    "saved_models.deleted": ("Deleted “{name}”.", "已删除“{name}”。"),
    "saved_models.mine_title": ("My saved models", "我保存的模型"),
    "saved_models.class_title": ("Saved models of this class", "本班保存的模型"),
    "saved_models.pick": ("Model", "模型"),
    "saved_models.delete": ("Delete", "删除"),
    "saved_models.none": ("No saved models yet.", "还没有保存的模型。"),
    "saved_models.col.name": ("Model", "模型"),
    "saved_models.col.kind": ("Kind", "类型"),
    "saved_models.col.who": ("Saved by", "保存者"),
    "saved_models.col.acc": ("Test accuracy", "测试集准确率"),
    "saved_models.col.size": ("Size (MB)", "大小（MB）"),
}
