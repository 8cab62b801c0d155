"""core.gallery: a downloaded /draw gallery reads back as it was; every kind of wrong file is a clear GalleryError."""

import io

import numpy as np
import pytest
import torch

from core import gallery
from core.gallery import GalleryError, read_gallery
from ui.figures_draw import gallery_npz


def entries(n=3):
    rng = np.random.default_rng(0)
    return [{"image": rng.random((28, 28), dtype=np.float32), "label": i % 10,
             "canvas": rng.integers(0, 256, (280, 280, 4), dtype=np.uint8),
             "predictions": {"mnist_cnn": i % 10, "mnist_mlp": (i + 1) % 10} if i else {"mnist_cnn": 0}}
            for i in range(n)]


def npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def good(**changes) -> dict:
    """The arrays of a valid three-drawing gallery, with some replaced (None removes one)."""
    arrays = dict(np.load(io.BytesIO(gallery_npz(entries()))))
    arrays.update(changes)
    return {name: value for name, value in arrays.items() if value is not None}


def code_of(data: bytes) -> str:
    with pytest.raises(GalleryError) as caught:
        read_gallery(data)
    assert str(caught.value) == gallery.MESSAGES[caught.value.code].format(**caught.value.values)
    return caught.value.code


def test_a_downloaded_gallery_reads_back_as_it_was():
    original = entries()
    read = read_gallery(gallery_npz(original))
    assert [e["label"] for e in read] == [0, 1, 2]
    for before, after in zip(original, read):
        np.testing.assert_array_equal(after["image"], before["image"])
        np.testing.assert_array_equal(after["canvas"], before["canvas"])
        assert after["predictions"] == before["predictions"]  # a model not asked (-1 in the file) stays absent
    assert gallery_npz(read) == gallery_npz(original)


def test_images_and_labels_alone_are_a_gallery_and_get_a_canvas_drawn_from_the_image():
    images = np.zeros((2, 28, 28), np.float32)
    images[:, 10:18, 13:15] = 1.0
    read = read_gallery(npz(images=images, labels=np.array([1, 7])))
    assert [e["label"] for e in read] == [1, 7] and read[0]["predictions"] == {}
    assert read[0]["canvas"].shape == (280, 280, 4) and read[0]["canvas"][150, 140, 0] == 255
    assert read[0]["canvas"][0, 0].tolist() == [0, 0, 0, 255]


@pytest.mark.parametrize(("data", "code"), [
    (b"", "not_npz"),
    (b"label,image\n1,2\n", "not_npz"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "not_npz"),
    (b"\x80\x04\x95 a pickle", "not_npz"),  # np.load would unpickle it (and refuse): never handed to it
    (b"PK\x03\x04 not really a zip", "damaged"),
])
def test_a_file_that_is_not_an_npz_is_refused(data, code):
    assert code_of(data) == code


def test_a_truncated_gallery_is_damaged():
    assert code_of(gallery_npz(entries())[:5000]) == "damaged"


def test_a_single_npy_array_is_not_a_gallery():
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((2, 28, 28)))
    assert code_of(buffer.getvalue()) == "single_array"


def test_pickled_objects_are_never_loaded():
    with pytest.raises(GalleryError, match="Python objects in 'images'"):
        read_gallery(npz(images=np.array([{"a": 1}], dtype=object), labels=np.array([1])))


def test_a_file_over_the_size_limit_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(gallery, "MAX_BYTES", 1000)
    assert code_of(gallery_npz(entries())) == "too_big"


def test_arrays_that_unpack_too_large_are_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(gallery, "MAX_UNPACKED", 100_000)  # three canvases alone are 940 kB
    assert code_of(gallery_npz(entries())) == "too_large"


def test_too_many_drawings_are_refused(monkeypatch):
    monkeypatch.setattr(gallery, "MAX_DRAWINGS", 2)
    assert code_of(gallery_npz(entries())) == "too_many"


@pytest.mark.parametrize(("changes", "code"), [
    ({"labels": None}, "missing"),
    ({"images": None}, "missing"),
    ({"weights": np.zeros(3)}, "unknown"),
    ({"images": np.zeros((3, 32, 32), np.float32)}, "images_shape"),
    ({"images": np.zeros((3, 784), np.float32)}, "images_shape"),
    ({"images": np.full((3, 28, 28), "a")}, "images_shape"),
    ({"images": np.full((3, 28, 28), 255.0, np.float32)}, "images_values"),
    ({"images": np.full((3, 28, 28), np.nan, np.float32)}, "images_values"),
    ({"images": np.zeros((0, 28, 28), np.float32), "labels": np.zeros(0, np.int64),
      "canvases": None, "models": None, "predictions": None}, "empty"),
    ({"labels": np.array([0, 1])}, "labels_shape"),
    ({"labels": np.array([0.0, 1.0, 2.0])}, "labels_shape"),
    ({"labels": np.array([0, 1, 10])}, "labels_values"),
    ({"labels": np.array([-1, 1, 2])}, "labels_values"),
    ({"canvases": np.zeros((3, 100, 100, 4), np.uint8)}, "canvases_shape"),
    ({"canvases": np.zeros((3, 280, 280, 4), np.float32)}, "canvases_shape"),
    ({"canvases": np.zeros((2, 280, 280, 4), np.uint8)}, "canvases_shape"),
    ({"models": None}, "models_values"),
    ({"models": np.array([1, 2])}, "models_values"),
    ({"predictions": np.zeros((3, 5), np.int64)}, "predictions_shape"),
    ({"predictions": None}, "predictions_shape"),
    ({"predictions": np.full((3, 2), 12)}, "predictions_values"),
])
def test_a_gallery_with_wrong_arrays_is_refused_with_what_is_wrong(changes, code):
    assert code_of(npz(**good(**changes))) == code


def test_the_message_names_the_bad_label_and_its_drawing():
    with pytest.raises(GalleryError, match=r"Label 10 \(drawing 3\) is not a digit 0–9"):
        read_gallery(npz(**good(labels=np.array([0, 1, 10]))))


def test_an_upload_that_would_overfill_the_gallery_is_refused(monkeypatch):
    monkeypatch.setattr(gallery, "MAX_DRAWINGS", 4)
    assert len(gallery.read_more(entries(1), gallery_npz(entries()))) == 3
    with pytest.raises(GalleryError) as caught:
        gallery.read_more(entries(2), gallery_npz(entries()))
    assert caught.value.code == "full" and caught.value.values == {"count": 3, "total": 5, "limit": 4}


def test_the_gallery_becomes_the_tensors_the_models_read():
    from core.preprocess import normalise

    drawings, labels = gallery.training_tensors(entries())
    assert drawings.shape == (3, 1, 28, 28) and labels.tolist() == [0, 1, 2]
    assert torch.equal(drawings[1], normalise(entries()[1]["image"]))
