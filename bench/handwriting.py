"""The drawn-digit TUNING set: digits that are not MNIST, rendered as the /draw canvas would return them.

It is a tuning set, not a held-out test: its scores chose core/preprocess.py's constants (the pen-width step,
STROKE_SHARE) and the augmentation the default models train with, so they flatter those choices.

Two sources, both made at benchmark time (no image files are committed):
- stroke replay: hand-authored pen paths, several styles per digit, jittered (affine, per-point noise,
  pen width 12-30 px) and drawn like the canvas's round pen on 280x280;
- handwriting fonts from Debian (fonts-bwht, fonts-comic-neue, fonts-dancingscript, ...), jittered the
  same way. They are a bench-only dependency: without them the set is strokes only, and a note says so.

`python -m bench.handwriting record` scores the default checkpoints on the tuning set (seed 0) and records the
figures in each checkpoint's metrics (tuning/acc, tuning/acc_naive, tuning/n, tuning/set), where /draw's
"How well do the default models read drawn digits?" panel reads them; `make models` runs it after building.
`python -m bench.handwriting sheet out.png` writes a contact sheet to look at.
"""

import argparse
import hashlib
import math
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFont

from core.checkpoints import add_metrics, load_checkpoint
from core.defaults import NAMES, checkpoint_path
from core.inference import predict
from core.preprocess import naive_resize, preprocess, stroke_width

CANVAS = 280
SUPERSAMPLE = 4  # PIL draws aliased lines; drawing 4x larger then box-filtering down anti-aliases like a browser
FONT_SUPERSAMPLE = 2  # glyphs come anti-aliased already; 2x keeps the pen-growing step cheap
DEBIAN_FONTS = ("fonts-bwht fonts-comic-neue fonts-dancingscript fonts-kaushanscript fonts-dkg-handwriting "
                "fonts-humor-sans fonts-kristi fonts-rufscript fonts-breip fonts-ecolier-court")
# Digit-bearing handwriting fonts those packages install; outline-only fonts (femkeklaver) are left out.
FONT_GLOBS = ("opentype/bwht/*.otf", "opentype/comic-neue/*.otf", "opentype/dancingscript/*.otf",
              "opentype/kaushanscript/*.otf", "truetype/fifthhorseman/*.ttf", "truetype/humor-sans/*.ttf",
              "truetype/kristi/*.ttf", "truetype/rufscript/*.ttf", "truetype/breip/Breip.ttf",
              "truetype/ecolier-court/*.ttf")
FONT_ROOT = Path("/usr/share/fonts")


def arc(cx, cy, rx, ry, start, end, step=30):
    """Control points along an ellipse, angles in degrees with y pointing down (90 = bottom)."""
    count = max(2, round(abs(end - start) / step) + 1)
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in np.linspace(start, end, count)]


def stroke(*runs):
    """One pen-down path: each run is smooth, and runs meet at sharp corners (a run starts where the last ended)."""
    pieces, last = [], None
    for run in runs:
        run = list(run) if last is None else [last, *run]
        pieces.append(run)
        last = run[-1]
    return pieces


# Each digit: several styles; a style is a list of strokes; coordinates in a box about 0.6 wide, 1 tall.
TEMPLATES = {
    0: [
        [stroke(arc(0.3, 0.5, 0.28, 0.48, -95, 275))],
        [stroke(arc(0.3, 0.5, 0.22, 0.48, -80, 300))],
        [stroke(arc(0.3, 0.5, 0.3, 0.45, -120, 250))],
    ],
    1: [
        [stroke([(0.3, 0.0), (0.3, 1.0)])],
        [stroke([(0.12, 0.2), (0.32, 0.0)], [(0.3, 1.0)])],
        [stroke([(0.1, 0.22), (0.32, 0.0)], [(0.3, 1.0)]), stroke([(0.1, 1.0), (0.5, 1.0)])],
        [stroke([(0.42, 0.0), (0.34, 0.5), (0.22, 1.0)])],
    ],
    2: [
        [stroke(arc(0.3, 0.28, 0.26, 0.26, 200, 370), [(0.02, 1.0)], [(0.6, 1.0)])],
        [stroke([(0.05, 0.25), (0.2, 0.03), (0.45, 0.05), (0.56, 0.25), (0.45, 0.5), (0.2, 0.78), (0.02, 0.98)],
                [(0.3, 0.96), (0.6, 0.98)])],
        [stroke([(0.05, 0.22), (0.25, 0.02), (0.5, 0.1), (0.5, 0.35), (0.25, 0.7), (0.05, 0.95), (0.15, 0.85),
                 (0.22, 0.96), (0.4, 0.98), (0.6, 0.95)])],
    ],
    3: [
        [stroke(arc(0.28, 0.26, 0.25, 0.24, 200, 450)), stroke(arc(0.28, 0.74, 0.3, 0.26, 270, 520))],
        [stroke(arc(0.28, 0.26, 0.25, 0.24, 200, 440), arc(0.28, 0.74, 0.3, 0.26, 280, 520))],
        [stroke([(0.05, 0.02), (0.55, 0.02)], [(0.22, 0.42)], arc(0.28, 0.71, 0.3, 0.29, 270, 510))],
    ],
    4: [
        [stroke([(0.38, 0.0)], [(0.02, 0.66)], [(0.6, 0.66)]), stroke([(0.45, 0.3), (0.45, 1.0)])],
        [stroke([(0.45, 1.0), (0.45, 0.0)], [(0.02, 0.66)], [(0.6, 0.66)])],
        [stroke([(0.08, 0.0)], [(0.05, 0.55)], [(0.58, 0.55)]), stroke([(0.47, 0.0), (0.47, 1.0)])],
    ],
    5: [
        [stroke([(0.1, 0.02)], [(0.07, 0.42)], arc(0.28, 0.68, 0.27, 0.29, -125, 150)),
         stroke([(0.1, 0.02), (0.55, 0.02)])],
        [stroke([(0.55, 0.0)], [(0.12, 0.02)], [(0.06, 0.45)], arc(0.3, 0.7, 0.28, 0.28, -130, 140))],
        [stroke([(0.12, 0.05)], [(0.1, 0.38)], arc(0.3, 0.66, 0.26, 0.3, -140, 160)),
         stroke([(0.1, 0.05), (0.58, 0.0)])],
    ],
    6: [
        [stroke([(0.5, 0.02), (0.25, 0.2), (0.08, 0.55), (0.1, 0.85), (0.3, 0.98), (0.52, 0.82), (0.5, 0.6),
                 (0.3, 0.52), (0.1, 0.68)])],
        [stroke([(0.45, 0.0), (0.15, 0.45)], arc(0.3, 0.74, 0.24, 0.25, 200, 555))],
        [stroke([(0.55, 0.08), (0.35, 0.0), (0.12, 0.2), (0.05, 0.6), (0.2, 0.97), (0.48, 0.9), (0.52, 0.65),
                 (0.3, 0.5), (0.08, 0.62)])],
    ],
    7: [
        [stroke([(0.02, 0.03), (0.58, 0.03)], [(0.2, 1.0)])],
        [stroke([(0.02, 0.03), (0.58, 0.03)], [(0.2, 1.0)]), stroke([(0.15, 0.5), (0.52, 0.5)])],
        [stroke([(0.02, 0.14), (0.06, 0.03)], [(0.58, 0.03)], [(0.4, 0.4), (0.3, 0.7), (0.27, 1.0)])],
    ],
    8: [
        [stroke(arc(0.3, 0.26, 0.2, 0.24, 0, 360)), stroke(arc(0.3, 0.74, 0.27, 0.26, 0, 360))],
        [stroke([(0.5, 0.12), (0.3, 0.01), (0.1, 0.15), (0.2, 0.38), (0.45, 0.6), (0.5, 0.85), (0.3, 0.99),
                 (0.08, 0.85), (0.15, 0.6), (0.4, 0.38), (0.5, 0.15)])],
        [stroke(arc(0.3, 0.27, 0.22, 0.25, 90, 450), arc(0.3, 0.75, 0.28, 0.25, -90, 270))],
    ],
    9: [
        [stroke(arc(0.3, 0.27, 0.26, 0.25, 0, 360)), stroke([(0.56, 0.27), (0.54, 1.0)])],
        [stroke(arc(0.3, 0.27, 0.26, 0.25, 10, -350), [(0.52, 0.7), (0.3, 1.0)])],
        [stroke(arc(0.3, 0.28, 0.25, 0.26, 0, -360), [(0.55, 1.0)])],
    ],
}


def make_set(seed: int = 0, per_digit: int = 30, font_per_digit: int = 10, fonts: bool = True):
    """(images uint8 (N, 280, 280, 4), labels int64 (N,)): `per_digit` stroke digits + `font_per_digit` font digits each."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for digit, styles in TEMPLATES.items():
        for i in range(per_digit):
            ink = render_strokes(styles[i % len(styles)], rng)
            images.append(to_canvas(ink, rng))
            labels.append(digit)
    font_paths = find_fonts() if fonts else []
    if fonts and not font_paths:
        print(f"note: no handwriting fonts found under {FONT_ROOT}; the tuning set is stroke replay only "
              f"(apt-get install {DEBIAN_FONTS})", file=sys.stderr)
    if font_paths:
        for digit in range(10):
            for i in range(font_per_digit):
                ink = render_font_digit(digit, font_paths[(digit + i * 7) % len(font_paths)], rng)
                images.append(to_canvas(ink, rng))
                labels.append(digit)
    return np.stack(images), np.array(labels, dtype=np.int64)


def find_fonts() -> list[Path]:
    """Installed handwriting fonts, in a fixed order so the set depends only on the seed and the fonts present."""
    return sorted(path for pattern in FONT_GLOBS for path in FONT_ROOT.glob(pattern))


def render_strokes(style, rng) -> np.ndarray:
    """A template drawn with a jittered round pen: (280, 280) float32 ink in [0, 1]."""
    strokes = []
    for pieces in style:
        # Per-point noise on the control points, before smoothing, so paths wobble without zig-zagging.
        jittered = [[(x + rng.normal(0, 0.022), y + rng.normal(0, 0.022)) for x, y in run] for run in pieces]
        # Runs share their joint point: keep the joint the same after jitter so the corner stays connected.
        for a, b in zip(jittered, jittered[1:]):
            b[0] = a[-1]
        strokes.append(np.concatenate([catmull_rom(run) for run in jittered]))
    points = np.concatenate(strokes)
    height = rng.uniform(90, 230)  # digit height on the canvas in px
    matrix = random_affine(rng, height)
    lows, highs = points.min(axis=0), points.max(axis=0)
    centre = (lows + highs) / 2
    placed = [(s - centre) @ matrix.T for s in strokes]
    extent = np.concatenate(placed)
    margin = 12.0
    low = margin - extent.min(axis=0)
    high = CANVAS - margin - extent.max(axis=0)
    # Off-centre placement, as learners draw: anywhere that keeps the digit (mostly) on the canvas.
    offset = np.array([rng.uniform(min(lo, hi), max(lo, hi)) for lo, hi in zip(low, high)])
    width = rng.uniform(12, 30)
    big = Image.new("L", (CANVAS * SUPERSAMPLE,) * 2, 0)
    draw = ImageDraw.Draw(big)
    pen = width * SUPERSAMPLE
    for path in placed:
        xy = [tuple(p) for p in (path + offset) * SUPERSAMPLE]
        draw.line(xy, fill=255, width=round(pen), joint="curve")
        for x, y in (xy[0], xy[-1]):  # round caps, as the canvas's pen has
            draw.ellipse((x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2), fill=255)
    return _downsample(big)


def render_font_digit(digit: int, path: Path, rng) -> np.ndarray:
    """A digit from a handwriting font, jittered like the strokes, pen thickened to a canvas-like width."""
    size = 200 * FONT_SUPERSAMPLE
    font = ImageFont.truetype(str(path), size)
    glyph = Image.new("L", (size * 2, size * 2), 0)
    ImageDraw.Draw(glyph).text((size // 2, size // 4), str(digit), font=font, fill=255)
    glyph = glyph.crop(glyph.getbbox())
    height = rng.uniform(90, 230) * FONT_SUPERSAMPLE
    factor = height / glyph.height
    glyph = glyph.resize((max(1, round(glyph.width * factor)), round(height)), Image.Resampling.BOX)
    # Font strokes are thinner than a finger on a canvas: grow them to a random pen width.
    pen = rng.uniform(12, 30) * FONT_SUPERSAMPLE
    current = stroke_width(np.asarray(glyph, np.float32) / 255)
    radius = round(max(0.0, pen - current) / 2)
    glyph = Image.fromarray(_dilate(np.pad(np.asarray(glyph), radius), radius))
    # Random rotation/shear about the glyph centre; the placement is random within the canvas.
    matrix = random_affine(rng, 1.0)
    pad = max(glyph.size) // 2  # room for +-15 deg rotation, shear and aspect jitter
    padded = Image.new("L", (glyph.width + 2 * pad, glyph.height + 2 * pad), 0)
    padded.paste(glyph, (pad, pad))
    inverse = np.linalg.inv(matrix)
    cx, cy = padded.width / 2, padded.height / 2
    shift = np.array([cx, cy]) - inverse @ np.array([cx, cy])
    padded = padded.transform(padded.size, Image.Transform.AFFINE,
                              (*inverse[0], shift[0], *inverse[1], shift[1]), Image.Resampling.BILINEAR)
    padded = padded.crop(padded.getbbox())
    limit = (CANVAS - 24) * FONT_SUPERSAMPLE
    if max(padded.size) > limit:  # a rotated/sheared large glyph must still fit
        shrink = limit / max(padded.size)
        padded = padded.resize((round(padded.width * shrink), round(padded.height * shrink)), Image.Resampling.BOX)
    big = Image.new("L", (CANVAS * FONT_SUPERSAMPLE,) * 2, 0)
    margin = 12 * FONT_SUPERSAMPLE
    x = rng.integers(margin, max(margin + 1, big.width - padded.width - margin))
    y = rng.integers(margin, max(margin + 1, big.height - padded.height - margin))
    big.paste(padded, (int(x), int(y)))
    return _downsample(big)


def random_affine(rng, scale: float) -> np.ndarray:
    """2x2: rotation +-15 deg, shear, aspect jitter, overall scale (template height 1 -> `scale`)."""
    angle = math.radians(rng.uniform(-15, 15))
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    shear = np.array([[1.0, rng.uniform(-0.2, 0.2)], [0.0, 1.0]])
    aspect = np.diag([rng.uniform(0.8, 1.25), 1.0])
    return scale * rotation @ shear @ aspect


def catmull_rom(points, samples: int = 12) -> np.ndarray:
    """A smooth curve through the points (centripetal-free uniform Catmull-Rom); 2 points give a line."""
    p = np.asarray(points, dtype=np.float64)
    if len(p) < 3:
        return np.linspace(p[0], p[-1], samples)
    p = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])
    t = np.linspace(0, 1, samples, endpoint=False)[:, None]
    segments = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        segments.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                               + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3))
    segments.append(p[-2][None])
    return np.concatenate(segments)


def to_canvas(ink: np.ndarray, rng) -> np.ndarray:
    """Ink -> RGBA as st_canvas returns it: white pen on opaque black, or (1 in 4) on a transparent background."""
    value = np.round(ink * 255).astype(np.uint8)
    canvas = np.zeros((*ink.shape, 4), np.uint8)
    if rng.random() < 0.25:
        canvas[..., :3] = 255  # the browser exports un-premultiplied colour: white, with coverage in alpha
        canvas[..., 3] = value
    else:
        canvas[..., :3] = value[..., None]
        canvas[..., 3] = 255
    return canvas


def _dilate(ink: np.ndarray, radius: int) -> np.ndarray:
    """Grow strokes by `radius` px each side with a round-ish (octagonal) pen: alternating square and cross steps."""
    x = torch.from_numpy(ink.astype(np.float32))[None, None]
    for step in range(radius):
        if step % 2:
            x = torch.maximum(F.max_pool2d(x, (3, 1), 1, (1, 0)), F.max_pool2d(x, (1, 3), 1, (0, 1)))
        else:
            x = F.max_pool2d(x, 3, 1, 1)
    return x[0, 0].numpy().astype(ink.dtype)


def _downsample(big: Image.Image) -> np.ndarray:
    small = big.resize((CANVAS, CANVAS), Image.Resampling.BOX)
    return np.asarray(small, np.float32) / 255


def contact_sheet(images: np.ndarray, labels: np.ndarray, columns: int = 20, thumb: int = 56) -> Image.Image:
    """A grid of thumbnails (ink only) with the label drawn in each corner, for looking at the set."""
    rows = math.ceil(len(images) / columns)
    sheet = Image.new("L", (columns * thumb, rows * thumb), 40)
    draw = ImageDraw.Draw(sheet)
    for i, (image, label) in enumerate(zip(images, labels)):
        ink = np.where(image[..., 3:4] == 255, image[..., :1], image[..., 3:4])[..., 0]
        tile = Image.fromarray(ink).resize((thumb - 2, thumb - 2), Image.Resampling.BOX)
        x, y = (i % columns) * thumb, (i // columns) * thumb
        sheet.paste(tile, (x + 1, y + 1))
        draw.text((x + 3, y + 2), str(label), fill=160)
    return sheet


TUNING_SEED = 0  # the set the checkpoints' tuning/ figures are measured on


def tuning_set_id(seed: int = TUNING_SEED) -> str:
    """Names one tuning set exactly: its seed, this file's templates and code, and the fonts installed."""
    fonts = find_fonts()
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in fonts:
        digest.update(str(path).encode())
    return f"seed {seed}, {len(fonts)} fonts, {digest.hexdigest()[:12]}"


def accuracy(model: torch.nn.Module, x: torch.Tensor, labels: np.ndarray) -> float:
    return float((predict(model, x).argmax(1).numpy() == labels).mean())


def tuning_metrics(model: torch.nn.Module, images: np.ndarray, labels: np.ndarray) -> dict:
    """Accuracy on drawn canvases with /draw's preprocessing and with a naive 280->28 resize."""
    processed = torch.stack([preprocess(image).tensor for image in images])
    naive = torch.stack([naive_resize(image) for image in images])
    return {"tuning/acc": accuracy(model, processed, labels), "tuning/acc_naive": accuracy(model, naive, labels),
            "tuning/n": len(labels)}


def record(directory: Path | None = None) -> dict[str, dict]:
    """Score each default checkpoint on the tuning set and record it there; up-to-date ones are left alone."""
    wanted, images, labels, done = tuning_set_id(), None, None, {}
    for name in NAMES:
        path = checkpoint_path(name, directory)
        model, _, metrics = load_checkpoint(path)  # ValueError when missing or corrupt
        if metrics.get("tuning/set") != wanted:
            if images is None:
                images, labels = make_set(TUNING_SEED)
            metrics = {**tuning_metrics(model, images, labels), "tuning/set": wanted}
            add_metrics(path, metrics)
        done[name] = {k: v for k, v in metrics.items() if k.startswith("tuning/")}
    return done


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.handwriting", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("record", help="score the default checkpoints on the tuning set, record it in them")
    score.add_argument("--dir", type=Path, default=None, help="models directory (default: core's models/)")
    sheet = commands.add_parser("sheet", help="write the tuning set's contact sheet")
    sheet.add_argument("out", nargs="?", default="handwriting.png")
    args = parser.parse_args(argv)
    if args.command == "sheet":
        images, labels = make_set(TUNING_SEED)
        contact_sheet(images, labels).save(args.out)
        print(f"{len(images)} digits -> {args.out}")
        return 0
    try:
        done = record(args.dir)
    except ValueError as error:
        print(f"python -m bench.handwriting: error: {error}; build them first: python -m core.defaults ensure",
              file=sys.stderr)
        return 1
    for name, figures in done.items():
        print(f"{name:<10} tuning set ({figures['tuning/n']} drawn digits): {figures['tuning/acc']:.2%} with "
              f"/draw's preprocessing, {figures['tuning/acc_naive']:.2%} naive resize  [{figures['tuning/set']}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
