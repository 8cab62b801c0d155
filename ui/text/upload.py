"""Text of the "your own data" panel; the English error texts are core.upload's own templates."""

from core.upload import BINARY_KINDS, MESSAGES

_KINDS_ZH = {"zip": "一个 zip 文件（Excel .xlsx 工作簿？）", "ole": "一个旧版 Excel .xls 或 Word 文件",
             "png": "一张 PNG 图片", "pdf": "一个 PDF 文档", "jpeg": "一张 JPEG 图片", "binary": "一个二进制文件"}
assert _KINDS_ZH.keys() == BINARY_KINDS.keys(), "every kind of binary file needs its 中文"

_ERRORS_ZH = {
    "too_big": "文件大小为 {megabytes:.1f} MB，上限是 {limit} MB。",
    "empty": "文件是空的：没有可以读取的行。",
    "binary": "第 {line} 行含有二进制数据（第 {byte} 个字节不是文本）：这看起来是{kind}，不是 CSV。"
              "请把表格另存为 CSV（逗号分隔值）后再上传。",
    "encoding": "第 {line} 行第 {column} 个字符不是 UTF-8 文本（字节 0x{byte:02x}）。请另存为 CSV UTF-8 后重新上传。",
    "utf16": "文件是 UTF-16 文本（以 UTF-16 字节顺序标记开头）。请另存为 CSV UTF-8 后重新上传。",
    "too_many_rows": "文件的数据行超过 {limit:,} 行；最多保留 {limit:,} 行。",
    "too_many_columns": "第 {line} 行有 {count:,} 列；最多允许 {limit} 列（特征加标签）。",
    "one_column": "第 {line} 行只有一列：表格至少需要一个特征列和一个标签列。",
    "ragged": "第 {line} 行有 {count} 列，而第 {first_line} 行有 {expected} 列：每一行的逗号分隔单元格数必须相同。",
    "empty_cell": "第 {line} 行第 {column} 列是空的：每个单元格都需要一个数。",
    "not_number": "第 {line} 行第 {column} 列：{cell!r} 不是数字。",
    "not_finite": "第 {line} 行第 {column} 列：{cell!r} 不是有限的数（NaN 和无穷大无法训练）。",
    "too_large": "第 {line} 行第 {column} 列：{cell!r} 超出 float32 的范围（最大约 3.4e38）。",
    "too_few_rows": "文件只有 {count} 行数据；训练和测试至少需要 {limit} 行。",
    "label_not_binary": "第 {line} 行第 {column} 列（标签）：{cell!r} 不是 0 或 1。标签列只能是 0 和 1。",
    "one_class": "所有行的标签（第 {column} 列）都是 {value}：分类器需要 0 和 1 两类样本。",
    "no_such_label": "没有名为 {label!r} 的列；表头中的列为 {names}。",
    "header_empty": "第 1 行（表头）第 {column} 列没有名字。",
    "header_duplicate": "第 1 行（表头）第 {column} 列：名字 {name!r} 出现了两次。",
}
assert _ERRORS_ZH.keys() == MESSAGES.keys(), "every core.upload message needs its 中文"

TEXT = {
    **{f"upload.error.{code}": (MESSAGES[code], zh) for code, zh in _ERRORS_ZH.items()},
    **{f"upload.kind.{code}": (BINARY_KINDS[code], zh) for code, zh in _KINDS_ZH.items()},
    "upload.title": ("Your own data (CSV)", "使用自己的数据（CSV）"),
    "upload.intro": (
        "Upload a table to train this page's network on it instead of the course's diabetes data. Layouts: "
        "the course's (numbers only, one row per sample, the 0/1 label in the last column, no header — like "
        "diabetes.csv.gz), or a header row of column names, then choose the label column. Switching tables "
        "starts the run over.",
        "上传一个表格，用它代替课程的糖尿病数据来训练本页的网络。格式：与课程相同（只有数字，每行一个样本，"
        "最后一列是 0/1 标签，没有表头——和 diabetes.csv.gz 一样），或者第一行是列名的表头，然后选择标签列。切换表格会让训练从头开始。"),
    "upload.limits": (
        "Limits: at most {megabytes} MB, {rows:,} rows and {columns} columns (features and the label); at "
        "least {min_rows} rows. Every cell a number; the label only 0 and 1, with both present. The test "
        "share and standardisation settings apply as for the course's data.",
        "限制：最大 {megabytes} MB、{rows:,} 行、{columns} 列（特征加标签）；至少 {min_rows} 行。每个单元格"
        "都必须是数字；标签只能是 0 和 1，而且两类都要有。测试集比例和标准化设置与课程数据相同。"),
    "upload.file": ("CSV file", "CSV 文件"),
    "upload.label": ("label column (what to predict, 0/1)", "标签列（要预测的 0/1）"),
    "upload.using_course": ("Training on the course's diabetes data.", "正在用课程的糖尿病数据训练。"),
    "upload.using_own": (
        "Training on **{name}**: {rows:,} rows, {features} features, label **{label}** ({positives:,} rows "
        "are 1, {negatives:,} are 0).",
        "正在用 **{name}** 训练：{rows:,} 行，{features} 个特征，标签 **{label}**（{positives:,} 行为 1，"
        "{negatives:,} 行为 0）。"),
    "upload.rejected": ("{name} was not used — {message}", "{name} 未被使用——{message}"),
    "upload.kept_course": ("The course's data stays in use.", "继续使用课程的数据。"),
    "upload.kept_own": ("The previous table ({name}) stays in use.", "继续使用之前的表格（{name}）。"),
    "upload.preview": ("The first rows as the network reads them (raw units, label last)",
                       "网络读到的前几行（原始单位，标签在最后）"),
    "upload.course_again": ("Use the course's data again", "重新使用课程的数据"),
    "upload.download": ("Download the clean CSV (features, then the label)", "下载整理后的 CSV（特征在前，标签在后）"),
    "upload.page_min_train": (
        "After the test share it leaves {count} training rows; this page needs at least {limit} (its batch-size "
        "slider starts at 32).",
        "划出测试集后只剩 {count} 行训练数据；本页至少需要 {limit} 行（批量大小滑块从 32 开始）。"),
    "upload.header_found": ("The first line is a header: {count} named columns.",
                            "第一行是表头：共 {count} 个列名。"),
}
