"""Figures and pictures for /draw: probability bars, the preprocessing stages, the 28x28 numbers, the gallery.

Pure functions: arrays in, plotly figures / numpy pictures / file bytes out; no streamlit here.
"""

import io
import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw

from core.preprocess import STROKE_SHARE, centre_of_mass
from ui.text import lookup

MODEL_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")
BOX_COLOR = (230, 60, 60)
MASS_COLOR = (60, 200, 255)
STAGE_PX = 140  # every stage picture is shown this many pixels wide, pixels kept square and sharp
PAD_COLOR = (200, 200, 200)  # around a stage picture that is not square: grey, so the picture's own black edge shows


def probability_bars(probs_by_model: Mapping[str, Sequence[float]], threshold: float | None = None,
                     height: int = 300, lang: str = "en") -> go.Figure:
    """Grouped bars: the 10 softmax probabilities of each model; a dotted line at the not-sure threshold."""
    fig = go.Figure()
    labelled = len(probs_by_model) == 1  # side by side, percentages over each bar would collide
    for i, (name, probs) in enumerate(probs_by_model.items()):
        probs = [float(p) for p in probs]
        fig.add_bar(x=list(range(10)), y=probs, name=name, marker_color=MODEL_COLORS[i % len(MODEL_COLORS)],
                    text=[f"{p:.0%}" if p >= 0.05 and labelled else "" for p in probs], textposition="outside",
                    hovertemplate=lookup("figures_draw.bars.hover", lang, model=name) + "<extra></extra>")
    if threshold is not None:
        fig.add_hline(y=threshold, line=dict(color="#888", dash="dot", width=1),
                      annotation_text=lookup("figures_draw.bars.not_sure", lang, threshold=threshold), annotation_position="top left",
                      annotation_font=dict(size=11, color="#888"))
    fig.update_layout(
        template="plotly_white", height=height, barmode="group", bargap=0.25, margin=dict(l=50, r=10, t=30, b=40),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=1, xanchor="right"), uirevision="keep",
        xaxis=dict(title=lookup("figures_draw.bars.x", lang), tickmode="array", tickvals=list(range(10))),
        yaxis=dict(title=lookup("figures_draw.bars.y", lang), range=[0, 1.12], tickformat=".0%"),
    )
    return fig


def pixel_heatmap(values: np.ndarray, title: str = "", decimals: int = 1, lang: str = "en") -> go.Figure:
    """A 28x28 array as a grey heatmap with every number written in its cell (the numbers the model reads)."""
    values = np.asarray(values, dtype=float)
    text = [[f"{v:.{decimals}f}" for v in row] for row in values]
    fig = go.Figure(go.Heatmap(
        z=values, text=text, texttemplate="%{text}", textfont=dict(size=7), colorscale="Greys_r",
        hovertemplate=lookup("figures_draw.heatmap.hover", lang) + "<extra></extra>", showscale=True,
    ))
    fig.update_layout(template="plotly_white", height=620, width=680, title=title or None,
                      margin=dict(l=30, r=10, t=40 if title else 10, b=30),
                      yaxis=dict(autorange="reversed", scaleanchor="x", constrain="domain"),
                      xaxis=dict(constrain="domain"))
    return fig


# -- stage pictures (uint8 RGB arrays for st.image) -------------------------------------------------

def to_rgb(ink: np.ndarray) -> np.ndarray:
    """Ink in [0, 1] (1 = pen) -> uint8 RGB, white pen on black like the canvas."""
    grey = np.round(np.clip(np.asarray(ink, dtype=np.float32), 0.0, 1.0) * 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)


def enlarge(rgb: np.ndarray, width: int = STAGE_PX) -> np.ndarray:
    """Blow a small picture up with square pixels (nearest neighbour), so 28 px stay visibly 28 px."""
    height_px, width_px = rgb.shape[:2]
    factor = max(1, width // max(height_px, width_px))
    return np.repeat(np.repeat(rgb, factor, axis=0), factor, axis=1)


def fit(rgb: np.ndarray, size: int = STAGE_PX) -> np.ndarray:
    """Resize so the longer side is `size` px, keeping the aspect: box-filtered down, square pixels up."""
    image = Image.fromarray(rgb)
    ratio = size / max(image.size)
    new_size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
    resample = Image.Resampling.BOX if ratio < 1 else Image.Resampling.NEAREST
    return np.asarray(image.resize(new_size, resample))


def squared(rgb: np.ndarray, size: int = STAGE_PX) -> np.ndarray:
    """The picture centred on a size×size grey square (fitted first if larger): a narrow column stretches every
    stage to its width, so a thin "1" would otherwise stand screens tall."""
    if max(rgb.shape[:2]) > size:
        rgb = fit(rgb, size)
    height, width = rgb.shape[:2]
    square = np.full((size, size, 3), PAD_COLOR, dtype=np.uint8)
    top, left = (size - height) // 2, (size - width) // 2
    square[top:top + height, left:left + width] = rgb
    return square


def with_box(ink: np.ndarray, box: tuple[int, int, int, int] | None, line: int = 3) -> np.ndarray:
    """The canvas ink with the ink bounding box (top, left, bottom, right; exclusive) drawn on it."""
    rgb = to_rgb(ink)
    if box is None:
        return rgb
    top, left, bottom, right = box
    image = Image.fromarray(rgb)
    ImageDraw.Draw(image).rectangle((left - 1, top - 1, right, bottom), outline=BOX_COLOR, width=line)
    return np.asarray(image)


def with_centre_mark(ink: np.ndarray, centre: tuple[float, float] | None, width: int = STAGE_PX) -> np.ndarray:
    """A 28x28 field enlarged, with the field's centre cross-haired and the ink's centre of mass dotted."""
    big = enlarge(to_rgb(ink), width)
    factor = big.shape[0] / ink.shape[0]
    image = Image.fromarray(big)
    draw = ImageDraw.Draw(image)
    middle = big.shape[0] / 2
    draw.line((middle, 0, middle, big.shape[0]), fill=(90, 90, 90), width=1)
    draw.line((0, middle, big.shape[1], middle), fill=(90, 90, 90), width=1)
    if centre is not None:
        y, x = centre[0] * factor, centre[1] * factor
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), outline=MASS_COLOR, width=2)
    return np.asarray(image)


def tensor_picture(values: np.ndarray, width: int = STAGE_PX) -> np.ndarray:
    """The normalised tensor mapped to grey from its own min (black) to max (white), enlarged."""
    values = np.asarray(values, dtype=np.float32)
    low, high = float(values.min()), float(values.max())
    ink = (values - low) / (high - low) if high > low else np.zeros_like(values)
    return enlarge(to_rgb(ink), width)


def stages(reading, canvas_px: int, mean: float, std: float, lang: str = "en") -> list[tuple[np.ndarray, str]]:
    """(picture, caption) for each step of core.preprocess.Preprocessed, from the canvas to the model's input; every
    picture STAGE_PX square."""
    top, left, bottom, right = reading.box
    pictures = [
        (fit(to_rgb(reading.gray)), lookup("figures_draw.stage.canvas", lang, px=canvas_px)),
        (fit(with_box(reading.gray, reading.box)),
         lookup("figures_draw.stage.box", lang, height=bottom - top, width=right - left)),
    ]
    if reading.pen_adjusted is not None and not np.array_equal(reading.pen_adjusted, reading.cropped):
        width = reading.stroke_width or 0.0
        target = STROKE_SHARE * max(reading.cropped.shape)
        pictures.append((fit(to_rgb(reading.pen_adjusted)),
                         lookup("figures_draw.stage.pen", lang, width=width, target=target)))
    height, width = reading.scaled.shape
    pictures += [
        (enlarge(to_rgb(reading.scaled)),
         lookup("figures_draw.stage.scaled", lang, side=max(height, width), height=height, width=width)),
        (with_centre_mark(reading.centred, centre_of_mass(reading.centred)),
         lookup("figures_draw.stage.centred", lang, height=reading.centred.shape[0], width=reading.centred.shape[1])),
        (tensor_picture(reading.tensor[0].numpy()), lookup("figures_draw.stage.normalised", lang, mean=mean, std=std)),
    ]
    return [(squared(picture), f"{i} · {caption}") for i, (picture, caption) in enumerate(pictures, 1)]


# -- gallery -----------------------------------------------------------------------------------------

def contact_sheet(entries: Sequence[Mapping], columns: int = 8, thumb: int = 84) -> bytes:
    """PNG bytes: each labelled drawing's 28x28 input, with its true label and every model's guess under it.

    The text stays ASCII (model ids, "true 3") in every language: PIL's built-in font has no CJK glyphs.
    """
    columns = max(1, min(columns, len(entries) or 1))
    rows = max(1, math.ceil(len(entries) / columns))
    caption_h = 14 * (1 + max((len(e["predictions"]) for e in entries), default=0))
    cell_w, cell_h = thumb + 8, thumb + caption_h + 8
    sheet = Image.new("RGB", (columns * cell_w, rows * cell_h), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for i, entry in enumerate(entries):
        x, y = (i % columns) * cell_w + 4, (i // columns) * cell_h + 4
        tile = Image.fromarray(to_rgb(entry["image"])).resize((thumb, thumb), Image.Resampling.NEAREST)
        sheet.paste(tile, (x, y))
        draw.text((x, y + thumb + 2), f"true {entry['label']}", fill=(0, 0, 0))
        for j, (name, digit) in enumerate(entry["predictions"].items(), start=1):
            colour = (0, 130, 0) if digit == entry["label"] else (200, 0, 0)
            draw.text((x, y + thumb + 2 + 14 * j), f"{name[:12]} {digit}", fill=colour)
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG")
    return buffer.getvalue()


def gallery_npz(entries: Sequence[Mapping]) -> bytes:
    """NPZ bytes: images (N,28,28) float32 ink, canvases (N,H,W,4) uint8, labels (N,), predictions per model."""
    models = sorted({name for entry in entries for name in entry["predictions"]})
    arrays = {
        "images": np.array([entry["image"] for entry in entries], dtype=np.float32).reshape(-1, 28, 28),
        "canvases": np.array([entry["canvas"] for entry in entries], dtype=np.uint8),
        "labels": np.array([entry["label"] for entry in entries], dtype=np.int64),
        "models": np.array(models, dtype=str),
        # -1 where a model was not selected when that drawing was saved
        "predictions": np.array([[entry["predictions"].get(m, -1) for m in models] for entry in entries],
                                dtype=np.int64).reshape(len(entries), len(models)),
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()
