"""Phone-sized screens (Streamlit stacks columns below 640 px): a style sheet every page gets, so that a student's
phone shows the main action early and keeps chart titles clear. A projector or laptop never matches it."""

import streamlit as st

NARROW_PX = 640  # Streamlit's own width for stacking columns
LATER = "phone-later"  # the key prefix of `later` containers

# Columns of small widgets (sliders, inputs, toggles) stay two to a row instead of one under the other; columns
# holding a chart, table, image, metric or bordered box stack as Streamlit stacks them. A page's explanations that
# stand before its controls on a wide screen follow them on a phone (flex order: `later`), so that a student's
# Start is on the first two screens. Plotly's toolbar, which a finger cannot hover to hide, sits over the chart's
# title: a phone does without it (Streamlit's fullscreen stays). Formulas are a little smaller (KaTeX's 1.21 em),
# so that a lecture's one-line formula needs no sideways swipe.
CSS = f"""
<style>
@media (max-width: {NARROW_PX}px) {{
  [data-testid="stHorizontalBlock"]:not(:has(.js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stImage"],
      [data-testid="stMetric"], [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stCode"]))
      > [data-testid="stColumn"] {{
    min-width: calc(50% - 0.5rem) !important;
    flex: 1 1 calc(50% - 0.5rem) !important;
  }}
  .js-plotly-plot .modebar-container {{ display: none !important; }}
  [data-testid="stMain"] .katex-display > .katex {{ font-size: 1.1em; }}
  div:has(> [class*="st-key-{LATER}-"]), [class*="st-key-{LATER}-"] {{ order: 1; }}
}}
</style>
"""


def inject() -> None:
    """Add the phone style sheet to this run (it applies only on narrow screens)."""
    st.html(CSS)


def later(name: str):
    """A container a phone shows after the rest of its page (the controls and Start first), a wider screen where
    it stands: for explanations that come before a page's controls."""
    return st.container(key=f"{LATER}-{name}")
