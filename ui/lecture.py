"""Lecture mode (?lecture=1 or the sidebar toggle): bigger text and charts for a projector, fewer controls.

Pages need no code for it: secondary controls are hidden by their widget keys (Streamlit gives each
keyed element the class `st-key-<key>`), fonts grow through CSS. Charts grow when a page passes its
figure through `sized(fig)`, as pages do for every st.plotly_chart.
"""

import plotly.graph_objects as go
import streamlit as st

from ui.figures import fit_title

# Keys containing these are secondary: reproducibility and pacing knobs a lecturer does not need to show.
SECONDARY = ("-seed", "-pace", "-workers", "-log-every")
CHART_SCALE = 1.4  # chart heights in lecture mode
FONT_PX = 19  # base font in lecture mode (Streamlit's default is 16 px; its sizes are in rem)
CHART_FONT = 15  # plotly's default is 12
TRUTHY = ("1", "true", "on", "yes")


def is_on() -> bool:
    """True while this session is in lecture mode."""
    return bool(st.session_state.get("lecture", False))


def choose_mode() -> bool:
    """Read ?lecture= on the session's first run; keep ?lecture=1 in the URL while it is on."""
    if "lecture" not in st.session_state:
        wanted = st.query_params.get("lecture")
        st.session_state["lecture"] = (wanted or "").lower() in TRUTHY
        if wanted is not None and wanted.lower() not in (*TRUTHY, "0", "false", "off", "no"):
            st.session_state["share-notices"] = [*st.session_state.get("share-notices", []), ("lecture", wanted)]
    if is_on() and st.query_params.get("lecture") != "1":
        st.query_params["lecture"] = "1"
    elif not is_on() and "lecture" in st.query_params:
        del st.query_params["lecture"]
    return is_on()


def _toggled() -> None:
    st.session_state["lecture"] = bool(st.session_state.get("lecture-toggle"))


def lecture_toggle(label: str, help: str) -> None:
    """The sidebar switch; it mirrors ?lecture=."""
    st.session_state["lecture-toggle"] = is_on()
    st.toggle(label, key="lecture-toggle", on_change=_toggled, help=help)


def css(secondary: tuple[str, ...] = SECONDARY) -> str:
    """The style sheet lecture mode adds to the page."""
    hidden = ",\n".join(f'div[class*="st-key-"][class*="{part}"]' for part in secondary)
    return f"""
<style>
html {{ font-size: {FONT_PX}px; }}
{hidden} {{ display: none !important; }}
/* Grey captions wash out on a projector. */
[data-testid="stCaptionContainer"] {{ color: #31333f; opacity: 0.85; }}
/* A projector at 1280x720 has no width to spare: thinner page margins. */
[data-testid="stMainBlockContainer"] {{ padding-left: 1.5rem; padding-right: 1.5rem; padding-top: 2.5rem;
    max-width: 100%; }}
</style>
"""


def inject() -> None:
    """Add lecture mode's style sheet to this run when it is on."""
    if is_on():
        st.html(css())


def sized(fig: go.Figure) -> go.Figure:
    """The figure as the page shows it: its title wrapped to fit a phone; taller, with bigger text, in lecture
    mode."""
    fit_title(fig)
    if not is_on() or fig.layout.meta == "lecture":
        return fig
    height = fig.layout.height or 450
    title_size = fig.layout.title.font.size if fig.layout.title and fig.layout.title.font.size else 15
    # Streamlit's plotly theme sets tick, axis-title and legend sizes itself, so each is raised explicitly.
    fig.update_layout(height=round(height * CHART_SCALE), font=dict(size=CHART_FONT), legend_font_size=CHART_FONT,
                      meta="lecture")
    fig.update_xaxes(tickfont_size=CHART_FONT, title_font_size=CHART_FONT + 2)
    fig.update_yaxes(tickfont_size=CHART_FONT, title_font_size=CHART_FONT + 2)
    if fig.layout.title and fig.layout.title.text:
        fig.update_layout(title_font_size=round(title_size * 1.3))
    fig.update_annotations(font_size=CHART_FONT + 1)
    return fig
