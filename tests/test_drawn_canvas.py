"""Odd canvases from /draw: nothing to read gives no prediction, anything else ten probabilities."""

import pytest


def canvas(fill=(0, 0, 0, 255), size=280) -> "np.ndarray":
    import numpy as np

    return np.tile(np.array(fill, np.uint8), (size, size, 1))


def canvas_cases():
    import numpy as np

    dot = canvas()
    dot[140:146, 140:146] = 255  # one tap of the pen
    noise = np.random.default_rng(0).integers(0, 256, (280, 280, 4), dtype=np.uint8)
    noise[..., 3] = 255
    stroke_on_clear = canvas((0, 0, 0, 0))
    stroke_on_clear[60:220, 130:150] = 255  # a "1" in white on a transparent canvas
    return {
        "empty": (canvas(), True),
        "full white": (canvas((255, 255, 255, 255)), True),
        "transparent": (canvas((0, 0, 0, 0)), True),
        "white but transparent": (canvas((255, 255, 255, 0)), True),
        "one dot": (dot, False),
        "noise": (noise, False),
        "stroke on a transparent canvas": (stroke_on_clear, False),
    }


@pytest.fixture(scope="module")
def default_models():
    from core import defaults

    return {name: model.model for name, model in defaults.load_defaults().items()}


@pytest.mark.parametrize("name", list(canvas_cases()))
def test_odd_canvases_give_nothing_or_a_proper_distribution(name, default_models):
    """Nothing to read -> no prediction (the page shows "—"); anything else -> ten probabilities summing to 1."""
    import numpy as np

    from core import defaults
    from core.preprocess import preprocess

    image, empty = canvas_cases()[name]
    reading = preprocess(image)
    assert reading.is_empty == empty
    if empty:
        assert reading.tensor is None
        return
    assert reading.tensor.shape == (1, 28, 28) and bool(reading.tensor.isfinite().all())
    for probs in defaults.read_digit(default_models, reading.tensor).values():
        assert probs.shape == (10,) and np.isfinite(probs).all() and probs.sum() == pytest.approx(1, abs=1e-5)
