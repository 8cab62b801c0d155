"""core.preprocess: canvas RGBA -> MNIST-shaped input, checked against hand computations."""

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from core.data import MNIST_MEAN, MNIST_STD
from core.preprocess import (
    BOX,
    FIELD,
    STROKE_SHARE,
    centre_of_mass,
    ink_image,
    naive_resize,
    preprocess,
    stroke_width,
)

SIZE = 280


def canvas(draw_fn, pen=20, background=(0, 0, 0, 255), ink=(255, 255, 255, 255)) -> np.ndarray:
    """A 280x280 RGBA drawing like st_canvas returns: draw_fn(draw, pen) paints with the ink colour."""
    image = Image.new("RGBA", (SIZE, SIZE), background)
    draw_fn(ImageDraw.Draw(image), pen, ink)
    return np.asarray(image).copy()


def seven(draw, pen, ink, dx=0, dy=0, scale=1.0):
    points = [(60, 50), (220, 50), (110, 240)]
    points = [(dx + 140 + (x - 140) * scale, dy + 140 + (y - 140) * scale) for x, y in points]
    draw.line(points, fill=ink, width=pen, joint="curve")


def zero(draw, pen, ink):
    draw.ellipse((80, 40, 200, 240), outline=ink, width=pen)


def dot(draw, pen, ink):
    draw.ellipse((130, 130, 150, 150), fill=ink)


def assert_centred(result):
    cy, cx = centre_of_mass(result.centred)
    assert abs(cy - FIELD / 2) <= 0.5 and abs(cx - FIELD / 2) <= 0.5, (cy, cx)


def ink_extent(image: np.ndarray, threshold: float = 0.0) -> tuple[int, int]:
    rows = np.flatnonzero((image > threshold).any(axis=1))
    cols = np.flatnonzero((image > threshold).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def test_empty_canvas_gives_no_prediction():
    result = preprocess(np.zeros((SIZE, SIZE, 4), np.uint8))
    assert result.is_empty and result.tensor is None and result.box is None
    assert result.cropped is None and result.pen_adjusted is None and result.scaled is None
    assert result.centred.shape == (FIELD, FIELD) and not result.centred.any()


def test_faint_smudge_below_threshold_is_empty():
    image = canvas(lambda d, p, ink: d.line([(20, 20), (200, 200)], fill=ink, width=3), ink=(30, 30, 30, 255))
    assert preprocess(image).is_empty


def test_output_shape_dtype_and_stages():
    result = preprocess(canvas(seven))
    assert not result.is_empty
    assert result.tensor.shape == (1, FIELD, FIELD) and result.tensor.dtype == torch.float32
    assert result.gray.shape == (SIZE, SIZE)
    top, left, bottom, right = result.box
    np.testing.assert_array_equal(result.cropped, result.gray[top:bottom, left:right])
    assert max(result.scaled.shape) == BOX
    for stage in (result.gray, result.cropped, result.pen_adjusted, result.scaled, result.centred):
        assert stage.dtype == np.float32 and 0.0 <= stage.min() and stage.max() <= 1.0
        assert not stage.flags.writeable  # the result is frozen, arrays included


@pytest.mark.parametrize("draw_fn", [seven, zero])
def test_centre_of_mass_at_field_centre(draw_fn):
    assert_centred(preprocess(canvas(draw_fn)))


@pytest.mark.parametrize("draw_fn", [seven, zero])
def test_longest_side_of_ink_box_is_20(draw_fn):
    result = preprocess(canvas(draw_fn))
    height, width = result.scaled.shape
    assert max(height, width) == BOX
    # Aspect kept: the ink's proportions survive scaling (to within rounding to whole pixels).
    source_height, source_width = result.pen_adjusted.shape
    assert abs(width / height - source_width / source_height) < 1.5 / BOX
    # Nothing cut off: every scaled pixel lands in the field.
    assert result.centred.sum() == pytest.approx(result.scaled.sum(), rel=1e-6)


def test_tensor_is_centred_image_normalised_by_hand():
    result = preprocess(canvas(seven))
    by_hand = (np.asarray(result.centred, np.float64) - 0.1307) / 0.3081
    assert (MNIST_MEAN, MNIST_STD) == (0.1307, 0.3081)
    np.testing.assert_allclose(result.tensor[0].numpy(), by_hand, atol=1e-6)
    assert result.tensor.min().item() == pytest.approx(-0.1307 / 0.3081, abs=1e-6)  # background


def test_single_dot_is_centred_and_scaled_up():
    result = preprocess(canvas(dot))
    assert not result.is_empty and torch.isfinite(result.tensor).all()
    assert max(result.scaled.shape) == BOX
    assert_centred(result)


def test_single_pixel_dot():
    image = np.zeros((SIZE, SIZE, 4), np.uint8)
    image[10, 250] = 255
    result = preprocess(image)
    assert result.box == (10, 250, 11, 251)
    assert_centred(result)


def test_digit_touching_the_border():
    result = preprocess(canvas(lambda d, p, ink: seven(d, p, ink, dx=-60, dy=-45)))
    top, left, _, _ = result.box
    assert top == 0 and left == 0
    assert max(result.scaled.shape) == BOX
    assert_centred(result)


def test_off_centre_and_tiny_digits_look_like_the_centred_one():
    reference = preprocess(canvas(seven)).centred
    for moved in (lambda d, p, ink: seven(d, p, ink, dx=70, dy=30, scale=0.5),
                  lambda d, p, ink: seven(d, p // 4, ink, dx=-100, dy=-90, scale=0.15)):
        result = preprocess(canvas(moved, pen=20))
        assert_centred(result)
        assert max(result.scaled.shape) == BOX
        # Same digit after preprocessing: close to the big centred drawing (pen width differs a little).
        overlap = (np.minimum(result.centred, reference).sum() / np.maximum(result.centred, reference).sum())
        assert overlap > 0.5


def test_black_on_white_reads_like_white_on_black():
    white_on_black = preprocess(canvas(seven))
    black_on_white = preprocess(canvas(seven, background=(255, 255, 255, 255), ink=(0, 0, 0, 255)))
    assert black_on_white.box == white_on_black.box
    torch.testing.assert_close(black_on_white.tensor, white_on_black.tensor, atol=1e-5, rtol=0)


def test_transparent_background_reads_like_opaque():
    opaque = preprocess(canvas(seven))
    transparent = preprocess(canvas(seven, background=(0, 0, 0, 0)))
    dark_pen = preprocess(canvas(seven, background=(255, 255, 255, 0), ink=(0, 0, 0, 255)))
    torch.testing.assert_close(transparent.tensor, opaque.tensor, atol=1e-5, rtol=0)
    torch.testing.assert_close(dark_pen.tensor, opaque.tensor, atol=1e-5, rtol=0)


def test_rgb_and_gray_inputs_match_rgba():
    rgba = canvas(seven)
    expected = preprocess(rgba).tensor
    torch.testing.assert_close(preprocess(rgba[..., :3].copy()).tensor, expected, atol=1e-5, rtol=0)
    torch.testing.assert_close(preprocess(rgba[..., 0].copy()).tensor, expected, atol=1e-5, rtol=0)


def test_ink_on_grey_paper_is_stretched_to_full_range():
    image = canvas(seven, background=(60, 60, 60, 255))
    gray = ink_image(image)
    assert gray.max() == pytest.approx(1.0) and np.median(gray) == pytest.approx(0.0)


@pytest.mark.parametrize("bad, message", [
    (np.zeros((SIZE, SIZE, 4), np.float32), "uint8"),
    (np.zeros((SIZE, SIZE, 2), np.uint8), "shape"),
    (np.zeros((2, SIZE, SIZE, 4), np.uint8), "shape"),
    (np.zeros(SIZE, np.uint8), "shape"),
    (np.zeros((0, SIZE, 4), np.uint8), "too small"),
    ([[0, 255], [255, 0]], "numpy array"),
    (None, "numpy array"),
])
def test_bad_input_is_a_value_error(bad, message):
    with pytest.raises(ValueError, match=message):
        preprocess(bad)
    with pytest.raises(ValueError, match=message):
        naive_resize(bad)


def test_naive_resize_keeps_position_and_size():
    image = canvas(lambda d, p, ink: seven(d, p, ink, dx=70, dy=30, scale=0.5))
    tensor = naive_resize(image)
    assert tensor.shape == (1, FIELD, FIELD)
    ink = tensor[0].numpy() * MNIST_STD + MNIST_MEAN
    # No cropping or centring: the small digit stays small (well under 20 px) and off to the lower right.
    height, width = ink_extent(ink, 0.05)
    assert max(height, width) < 14
    cy, cx = centre_of_mass(np.clip(ink, 0, 1))
    assert cy > FIELD / 2 and cx > FIELD / 2
    # Box filter = the mean of each 10x10 block of the canvas.
    blocks = ink_image(image).reshape(FIELD, 10, FIELD, 10).mean(axis=(1, 3))
    np.testing.assert_allclose(ink, blocks, atol=1e-5)


def test_stroke_width_estimate_matches_the_pen():
    for pen in (8, 16, 30):
        gray = ink_image(canvas(seven, pen=pen))
        assert stroke_width(gray) == pytest.approx(pen, rel=0.2)


def test_thickness_normalisation_thins_a_fat_pen_and_keeps_centring():
    small_fat_seven = canvas(lambda d, p, ink: seven(d, p, ink, scale=0.4), pen=24)
    fat = preprocess(small_fat_seven, normalise_thickness=False)
    thinned = preprocess(small_fat_seven)
    assert thinned.stroke_width == fat.stroke_width  # reported before normalising
    assert fat.pen_adjusted is fat.cropped or np.array_equal(fat.pen_adjusted, fat.cropped)
    assert stroke_width(thinned.scaled) < 0.85 * stroke_width(fat.scaled)
    assert max(thinned.scaled.shape) == BOX
    assert_centred(thinned)


def test_thickness_normalisation_thickens_a_thin_pen():
    thin_big_seven = canvas(lambda d, p, ink: seven(d, p, ink, scale=1.2), pen=4)
    thin = preprocess(thin_big_seven, normalise_thickness=False)
    thickened = preprocess(thin_big_seven)
    assert stroke_width(thickened.scaled) > 1.5 * stroke_width(thin.scaled)
    assert_centred(thickened)


def test_normal_pen_is_left_alone():
    result = preprocess(canvas(seven, pen=32))  # ~210 px tall: a 32 px pen is already at the MNIST-like share
    assert abs(result.stroke_width - STROKE_SHARE * max(result.cropped.shape)) < 1.5
    np.testing.assert_array_equal(result.pen_adjusted, result.cropped)
