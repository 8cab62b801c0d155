"""Translation tables: each module here defines TEXT = {key: ("English", "中文")}.

ui/text/<name>.py holds the keys "<name>.*": the text of ui/<name>.py (figures_ch8, compare, live, ...), of a page
(home, ch6 ... ch9, draw), or of the app shell (shell).

`lookup` is pure (no streamlit), so figure functions can take a `lang` argument and use it;
pages use ui.i18n.t, which fills in the session's language.
"""

import importlib
import pkgutil

LANGS = ("en", "zh")
DEFAULT_LANG = "en"


def _load_tables() -> dict[str, tuple[str, str]]:
    """Merge every ui/text/<area>.py TEXT table; a key defined twice is a bug."""
    merged: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(__path__):
        table = importlib.import_module(f"{__name__}.{info.name}").TEXT
        clash = merged.keys() & table.keys()
        assert not clash, f"translation keys defined twice: {sorted(clash)}"
        merged.update(table)
    return merged


TEXT = _load_tables()


def lookup(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The text for `key` in `lang` ("en" or "zh"), with {placeholders} filled from `values`."""
    assert key in TEXT, f"missing translation key: {key}"
    text = TEXT[key][LANGS.index(lang) if lang in LANGS else 0]
    return text.format(**values) if values else text
