"""A /draw gallery file (.npz, as the page downloads it) read back and checked before any of it is used.

Bytes in, gallery entries out: np.load with allow_pickle=False, so a file can hold arrays and nothing that
runs. Every rejection is a GalleryError whose `code`/`values` let the page say it in the learner's language.
"""

import io
import zipfile

import numpy as np
import torch

from core.preprocess import normalise

MAX_BYTES = 20 * 1024 * 1024  # the server's maxUploadSize is 20 MB too
MAX_UNPACKED = 400 * 1024 * 1024  # what the arrays may expand to: a tiny zip can unpack to gigabytes
MAX_DRAWINGS = 500
FIELD = 28
CANVAS = 280  # px per side of /draw's canvas, as the download stores it
KNOWN = {"images", "canvases", "labels", "models", "predictions"}
ZIP_MAGIC, NPY_MAGIC = b"PK\x03\x04", b"\x93NUMPY"

MESSAGES = {
    "too_big": "The file is {megabytes:.1f} MB; a gallery file may be at most {limit} MB.",
    "not_npz": "This is not a gallery file: it is not an .npz archive. Upload a file made by this page's "
               "“Download drawings (NPZ)”.",
    "single_array": "This is a single NumPy array (.npy), not a gallery. Upload a file made by this page's "
                    "“Download drawings (NPZ)”.",
    "damaged": "This .npz archive is damaged: its arrays cannot be read. Download the gallery again.",
    "pickled": "This .npz holds Python objects in {name!r}, which are never loaded: a gallery holds only arrays "
               "of numbers.",
    "missing": "This .npz is not a gallery: it has no {name!r} array (it has {names}).",
    "unknown": "This .npz is not a gallery: it holds an array named {name!r}, which a gallery never has.",
    "too_large": "The arrays in this file would unpack to {megabytes:.0f} MB; at most {limit} MB are allowed.",
    "images_shape": "'images' has shape {shape}; a gallery's images are (N, 28, 28).",
    "images_values": "'images' must hold numbers from 0 to 1 (ink), but holds {problem}.",
    "labels_shape": "'labels' has shape {shape}, but there are {count} images: one label per image.",
    "labels_values": "Label {value!r} (drawing {index}) is not a digit 0–9.",
    "empty": "The gallery file holds no drawings.",
    "too_many": "The file holds {count} drawings; a gallery keeps at most {limit}.",
    "full": "With these {count} drawings the gallery would hold {total}; it keeps at most {limit}. Empty it or "
            "upload fewer.",
    "canvases_shape": "'canvases' has shape {shape}; a gallery's canvases are (N, {side}, {side}, 4) bytes, one "
                      "per image.",
    "predictions_shape": "'predictions' has shape {shape} but there are {count} drawings and {models} models.",
    "predictions_values": "'predictions' must hold digits 0–9 (or -1 for a model not asked), but holds {value}.",
    "models_values": "'models' must be a list of model names, but is {problem}.",
}


class GalleryError(ValueError):
    """A file that cannot be read as a gallery; str() is the English message."""

    def __init__(self, code: str, **values):
        self.code, self.values = code, values
        super().__init__(MESSAGES[code].format(**values))


def _arrays(data: bytes) -> dict[str, np.ndarray]:
    """Every array of an .npz, after checking names and the unpacked size without unpacking."""
    if data.startswith(NPY_MAGIC):
        raise GalleryError("single_array")
    if not data.startswith(ZIP_MAGIC):  # np.load would try to unpickle anything else
        raise GalleryError("not_npz")
    try:
        archive = np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile):
        raise GalleryError("damaged") from None
    with archive:
        names = set(archive.files)
        for name in ("images", "labels"):
            if name not in names:
                raise GalleryError("missing", name=name, names=", ".join(sorted(names)) or "none")
        for name in sorted(names - KNOWN):
            raise GalleryError("unknown", name=name)
        unpacked = sum(info.file_size for info in archive.zip.infolist())
        if unpacked > MAX_UNPACKED:
            raise GalleryError("too_large", megabytes=unpacked / 2 ** 20, limit=MAX_UNPACKED // 2 ** 20)
        arrays = {}
        for name in sorted(names):
            try:
                arrays[name] = archive[name]
            except ValueError as error:  # numpy refuses object arrays when allow_pickle is False
                raise GalleryError("pickled" if "allow_pickle" in str(error) else "damaged", name=name) from None
            except (OSError, EOFError, zipfile.BadZipFile, KeyError):
                raise GalleryError("damaged") from None
        return arrays


def read_gallery(data: bytes) -> list[dict]:
    """Gallery entries {"image", "canvas", "label", "predictions"} from a downloaded gallery file's bytes."""
    if len(data) > MAX_BYTES:
        raise GalleryError("too_big", megabytes=len(data) / 2 ** 20, limit=MAX_BYTES // 2 ** 20)
    arrays = _arrays(data)
    images, labels = arrays["images"], arrays["labels"]
    if images.ndim != 3 or images.shape[1:] != (FIELD, FIELD) or images.dtype.kind not in "fiu":
        raise GalleryError("images_shape", shape=f"{images.shape} {images.dtype}")
    count = len(images)
    if count == 0:
        raise GalleryError("empty")
    if count > MAX_DRAWINGS:
        raise GalleryError("too_many", count=count, limit=MAX_DRAWINGS)
    images = images.astype(np.float32)
    if not np.isfinite(images).all():
        raise GalleryError("images_values", problem="NaN or infinity")
    if images.min() < 0 or images.max() > 1:
        raise GalleryError("images_values", problem=f"values from {images.min():g} to {images.max():g}")
    if labels.shape != (count,) or labels.dtype.kind not in "iu":
        raise GalleryError("labels_shape", shape=f"{labels.shape} {labels.dtype}", count=count)
    bad = np.flatnonzero((labels < 0) | (labels > 9))
    if len(bad):
        raise GalleryError("labels_values", value=int(labels[bad[0]]), index=int(bad[0]) + 1)
    canvases = _canvases(arrays.get("canvases"), images)
    predictions = _predictions(arrays.get("models"), arrays.get("predictions"), count)
    return [{"image": image, "canvas": canvas, "label": int(label), "predictions": guesses}
            for image, canvas, label, guesses in zip(images, canvases, labels, predictions)]


def read_more(gallery: list[dict], data: bytes) -> list[dict]:
    """The entries of a gallery file to add to `gallery`, if together they stay within MAX_DRAWINGS."""
    entries = read_gallery(data)
    if len(gallery) + len(entries) > MAX_DRAWINGS:
        raise GalleryError("full", count=len(entries), total=len(gallery) + len(entries), limit=MAX_DRAWINGS)
    return entries


def training_tensors(gallery: list[dict]) -> tuple[torch.Tensor, torch.Tensor]:
    """The drawings as the models read them, normalised (N, 1, 28, 28), and their labels (N,)."""
    drawings = [normalise(entry["image"]) for entry in gallery]
    return (torch.stack(drawings) if drawings else torch.zeros(0, 1, FIELD, FIELD),
            torch.tensor([entry["label"] for entry in gallery], dtype=torch.long))


def _canvases(canvases: np.ndarray | None, images: np.ndarray) -> np.ndarray:
    """The stored canvases, or each 28x28 image blown up 10x as white ink on black when the file has none."""
    if canvases is None:
        factor = CANVAS // FIELD
        ink = np.round(images * 255).astype(np.uint8).repeat(factor, axis=1).repeat(factor, axis=2)
        return np.stack([ink, ink, ink, np.full_like(ink, 255)], axis=-1)
    if canvases.dtype != np.uint8 or canvases.shape != (len(images), CANVAS, CANVAS, 4):
        raise GalleryError("canvases_shape", shape=f"{canvases.shape} {canvases.dtype}", side=CANVAS)
    return canvases


def _predictions(models: np.ndarray | None, predictions: np.ndarray | None, count: int) -> list[dict]:
    """Model id -> digit for each drawing, skipping the -1s (that model was not asked)."""
    if models is None and predictions is None:
        return [{} for _ in range(count)]
    if models is None or models.ndim != 1 or models.dtype.kind != "U":
        problem = "missing" if models is None else f"{models.shape} {models.dtype}"
        raise GalleryError("models_values", problem=problem)
    if predictions is None or predictions.shape != (count, len(models)) or predictions.dtype.kind not in "iu":
        shape = None if predictions is None else f"{predictions.shape} {predictions.dtype}"
        raise GalleryError("predictions_shape", shape=shape, count=count, models=len(models))
    bad = predictions[(predictions < -1) | (predictions > 9)]
    if len(bad):
        raise GalleryError("predictions_values", value=int(bad[0]))
    names = [str(name) for name in models]
    return [{name: int(digit) for name, digit in zip(names, row) if digit >= 0} for row in predictions]
