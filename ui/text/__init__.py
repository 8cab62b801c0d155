"""Translation tables: each module defines TEXT = {key: ("English", "中文")}; ui.i18n merges them."""
