"""Chapter 8 and 9 figures are pure: data in, a plotly figure out that shows exactly that data."""

import re

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from core.minibatch import epoch_layout
from core.preprocess import preprocess
from core.softmax import pixel_statistics, softmax_check
from ui import figures_ch8 as ch8
from ui import figures_ch9 as ch9
from ui import figures_draw


def records(kind: str, n: int, **extra) -> list[dict]:
    return [{"kind": kind, "step": 10 * (i + 1), "epoch": i + 1, "time": 0.1 * (i + 1), "train/loss": 1.0 / (i + 1),
             **extra} for i in range(n)]


def test_batch_layout_colours_each_sample_by_its_batch_and_greys_out_dropped_ones():
    layout = epoch_layout(10, 4, shuffle=False, drop_last=True, epochs=2)
    fig = ch8.batch_layout_figure(layout, iterations=2)
    heatmap = fig.data[0]
    assert isinstance(fig, go.Figure) and np.asarray(heatmap.z).shape == (2, 10)
    assert list(heatmap.y) == ["epoch 1", "epoch 2"]
    assert np.isnan(np.asarray(heatmap.z, dtype=float)[:, 8:]).all()  # 10 % 4 = 2 samples left out
    assert heatmap.text[0][0] == "batch 1" and heatmap.text[0][9] == "left out (drop_last)"
    assert "2 iterations per epoch" in fig.layout.title.text


def test_race_figure_draws_batch_and_whole_set_loss_per_run():
    runs = {"Full batch": records("train", 3) + records("eval", 3), "Mini-batch": records("train", 5),
            "Stochastic (batch 1)": []}
    by_step = ch8.race_figure(runs, "step", log_x=True)
    assert len(by_step.data) == 6
    assert list(by_step.data[0].x) == [10, 20, 30] and by_step.data[0].showlegend is False
    assert by_step.data[1].name == "Full batch" and list(by_step.data[1].customdata) == [1, 2, 3]
    assert by_step.layout.xaxis.type == "log"
    by_time = ch8.race_figure(runs, "time")
    assert by_time.data[2].x == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5]) and by_time.layout.xaxis.type == "linear"
    assert "time" in by_time.layout.title.text


def test_age_fill_figure_stacks_known_and_filled_ages():
    fig = ch8.age_fill_figure([20.0, 30.0, 40.0], [29.0, 29.0])
    assert [len(t.x) for t in fig.data] == [3, 2] and fig.layout.barmode == "stack"
    assert "filled in (2)" in fig.data[1].name


def test_probability_figure_highlights_target_and_best():
    check = softmax_check([0, 0, 5, 0], target=1)
    fig = ch9.probability_figure(check["probs"], target=1)
    bar = fig.data[0]
    assert list(bar.x) == [0, 1, 2, 3] and sum(bar.y) == pytest.approx(1.0)
    assert bar.marker.color[1] == "#d62728" and bar.marker.line.color[2] == "black"


def test_digit_mosaic_places_every_image_with_its_caption():
    images = np.zeros((13, 28, 28), dtype=np.uint8)
    images[12, 5, 7] = 255
    fig = ch9.digit_mosaic_figure(images, [f"#{i}" for i in range(13)], columns=5)
    z = np.asarray(fig.data[0].z)
    assert z.dtype == np.uint8 and z.shape == (3 * (ch9.CAPTION + 28), 5 * 32 - 4)
    row, col = divmod(12, 5)
    assert z[row * (ch9.CAPTION + 28) + ch9.CAPTION + 5, col * 32 + 7] == 255
    assert [a.text for a in fig.layout.annotations] == [f"#{i}" for i in range(13)]


def test_digit_matrix_prints_the_grey_levels():
    image = np.arange(784, dtype=np.int64).reshape(28, 28) % 256
    fig = ch9.digit_matrix_figure(image, label=4)
    assert np.array_equal(np.asarray(fig.data[0].text), image) and "Label 4" in fig.layout.title.text


def test_pixel_histogram_before_and_after_normalisation():
    images = np.random.default_rng(0).integers(0, 256, (5, 28, 28), dtype=np.uint8)
    stats = pixel_statistics(torch.from_numpy(images))
    fig = ch9.pixel_histogram_figure(stats, 0.1307, 0.3081)
    before, after = fig.data
    assert list(before.y) == list(after.y) == stats["counts"].tolist()
    assert after.x[0] == pytest.approx(-0.1307 / 0.3081) and after.x[-1] == pytest.approx((1 - 0.1307) / 0.3081)
    assert len(fig.layout.shapes) == 6  # mean and mean ± std in both panels
    assert fig.layout.yaxis.type == "log"


def test_probe_figure_aligns_each_digit_with_its_softmax_row():
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    probs = np.eye(3, 10) * 0.9 + 0.01
    fig = ch9.probe_figure(images, [0, 1, 2], probs.tolist())
    column, heat = fig.data
    assert np.asarray(column.z).shape == (84, 28)
    assert list(heat.y) == [13.5, 41.5, 69.5]  # row centres of the 28-pixel images
    assert np.asarray(heat.z) == pytest.approx(probs)
    empty = ch9.probe_figure(images, [0, 1, 2], None)
    assert np.asarray(empty.data[1].z).sum() == 0
    # A live tick changes the numbers in place: the same figure as one built with them.
    assert ch9.set_probe_probs(empty, probs).to_dict() == fig.to_dict()
    assert ch9.set_probe_probs(empty, None).to_dict() == ch9.probe_figure(images, [0, 1, 2], None).to_dict()


def test_confusion_figure_holds_every_count_once_and_marks_the_selection():
    confusion = np.arange(100).reshape(10, 10)
    fig = ch9.confusion_figure(confusion.tolist(), selected=(3, 5))
    right, wrong, selected = fig.data
    cells = np.concatenate([np.asarray(right.customdata), np.asarray(wrong.customdata)])
    assert len(cells) == 100 and cells[:, 2].sum() == confusion.sum()
    assert all(confusion[t, p] == c for t, p, c in cells)
    assert (np.asarray(right.customdata)[:, 0] == np.asarray(right.customdata)[:, 1]).all()
    assert (list(selected.x), list(selected.y)) == ([5], [3])
    assert f"{confusion.sum()} test digits" in fig.layout.title.text


def test_per_class_figure_in_percent():
    fig = ch9.per_class_figure([0.5] * 10)
    assert list(fig.data[0].y) == [50.0] * 10


CJK = re.compile(r"[\u4e00-\u9fff]")


def texts(fig: go.Figure) -> list[str]:
    """Title, axis titles and legend names of a figure."""
    layout = fig.layout
    axes = [layout[name].title.text for name in layout if name.startswith(("xaxis", "yaxis"))]
    return [t for t in [layout.title.text, *axes, *(trace.name for trace in fig.data)] if t]


def zh_figures() -> dict[str, go.Figure]:
    layout = epoch_layout(10, 4, shuffle=False, drop_last=True, epochs=2)
    check = softmax_check([0, 0, 5, 0], target=1)
    stats = pixel_statistics(torch.zeros(2, 28, 28, dtype=torch.uint8))
    return {
        "layout": ch8.batch_layout_figure(layout, iterations=2, lang="zh"),
        "race": ch8.race_figure({"全批量": records("eval", 2)}, "step", lang="zh"),
        "ages": ch8.age_fill_figure([20.0], [29.0], lang="zh"),
        "probs": ch9.probability_figure(check["probs"], target=1, lang="zh"),
        "matrix": ch9.digit_matrix_figure(np.zeros((28, 28), dtype=np.uint8), label=4, lang="zh"),
        "histogram": ch9.pixel_histogram_figure(stats, 0.1307, 0.3081, lang="zh"),
        "probe": ch9.probe_figure(np.zeros((2, 28, 28), dtype=np.uint8), [0, 1], None, lang="zh"),
        "confusion": ch9.confusion_figure(np.eye(10, dtype=int).tolist(), lang="zh"),
        "per_class": ch9.per_class_figure([0.5] * 10, lang="zh"),
        "bars": figures_draw.probability_bars({"MLP": [0.1] * 10}, threshold=0.6, lang="zh"),
        "heatmap": figures_draw.pixel_heatmap(np.zeros((28, 28)), "标准化后的输入", lang="zh"),
    }


@pytest.mark.parametrize("name", sorted(zh_figures()))
def test_figures_speak_chinese_when_asked(name):
    fig = zh_figures()[name]
    words = texts(fig) + [a.text for a in fig.layout.annotations] + [str(t.hovertemplate) for t in fig.data]
    assert any(CJK.search(w) for w in words), words
    english = [w for w in words if re.search(r"\b(?:batch|epoch|loss|class|digit|probability|sample|right|wrong|"
                                             r"pixels|input|true|predicted|age|passengers)\b", w)]
    assert not english, english


def test_english_is_still_the_default():
    assert "epoch 1" in ch8.batch_layout_figure(epoch_layout(4, 2, False, False, 1), 2).data[0].y
    assert ch9.confusion_figure(np.eye(10, dtype=int).tolist()).layout.title.text == "Confusion matrix: 10 test digits"


@pytest.mark.parametrize("lang, box, scaled", [("en", "ink box, {h}×{w} px (height × width)", "(height × width)"),
                                               ("zh", "墨迹的外框，{h}×{w} 像素（高 × 宽）", "（高 × 宽）")])
def test_draw_stages_say_which_size_is_the_height(lang, box, scaled):
    canvas = np.zeros((280, 280), np.uint8)
    canvas[40:240, 130:150] = 255  # a drawn "1": 200 rows tall, 20 columns wide
    captions = [caption for _, caption in figures_draw.stages(preprocess(canvas), 280, 0.1307, 0.3081, lang=lang)]
    assert captions[1] == "2 · " + box.format(h=200, w=20)
    assert any(caption.endswith(scaled) and "20×" in caption for caption in captions[2:4])


@pytest.mark.parametrize("pen_adjust", [True, False])
def test_a_thin_one_gives_stage_pictures_no_taller_than_wide(pen_adjust):
    # A narrow column stretches each picture to its width; a square keeps the displayed height at that width.
    canvas = np.zeros((280, 280), np.uint8)
    canvas[20:260, 136:144] = 255  # a thin drawn "1": 240 rows tall, 8 columns wide
    stages = figures_draw.stages(preprocess(canvas, normalise_thickness=pen_adjust), 280, 0.1307, 0.3081)
    assert len(stages) >= 5
    assert all(picture.shape == (figures_draw.STAGE_PX, figures_draw.STAGE_PX, 3) for picture, _ in stages)
    middle = figures_draw.STAGE_PX // 2
    thin = [picture for picture, caption in stages if "pen width" in caption or "longer side" in caption]
    assert len(thin) == 1 + pen_adjust  # the cropped ink and the scaled 20 px: the stroke still in the middle
    for picture in thin:
        assert picture[middle, middle].min() > 230 and tuple(picture[middle, 0]) == figures_draw.PAD_COLOR
