"""Text shared by every page."""

TEXT = {
    "common.language": ("Language", "语言"),
}
