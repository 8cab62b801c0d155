"""A RunConfig as a standalone PyTorch script in the course's style (Dataset, Model, criterion and
optimiser, training loop, `if __name__ == '__main__':`).

The script imports only torch, numpy and the standard library. It seeds, splits, standardises, builds
the model and orders the batches exactly as core.train.Training does, so with the same data files it
prints the records the page plots (`--json`), and `--steps N` stops after N iterations for a quick check.
"""

import inspect

from core.config import RunConfig
from core.models import LinearRegression, LogisticRegression, MnistCNN, MnistMLP
from core.train import EVAL_CHUNK, IndexedDataset

DATA_DEFAULTS = {"diabetes": "data/diabetes.csv.gz", "titanic": "data/titanic.csv", "mnist": "data/MNIST/raw",
                 "upload": "my_table.csv"}
TITLES = {
    "logistic": "Chapter 6 · Logistic regression: P(pass | hours studied)",
    "linear": "Chapter 5/6 · Linear regression on the hours-studied data (the twin of logistic regression)",
    "diabetes": "Chapter 7 · Diabetes: eight features in, one probability out",
    "titanic": "Chapter 8 exercise · Titanic: who survived?",
    "mnist": "Chapter 9 · Softmax classifier on MNIST",
    "upload": "Your own table: numeric features in, one probability out",
}


def source_kind(cfg: RunConfig) -> str:
    """Which data section the script needs: the task's own data, or an uploaded table."""
    if cfg.task in ("diabetes", "titanic") and getattr(cfg, "data", ""):
        return "upload"
    return cfg.task


def script_name(cfg: RunConfig) -> str:
    """A file name for the download, e.g. 'torchplay_mnist_cnn.py'."""
    kind = source_kind(cfg)
    return f"torchplay_{kind}{'_' + cfg.model if kind == 'mnist' else ''}.py"


def export_script(cfg: RunConfig) -> str:
    """The complete runnable script for `cfg`; ValueError for settings a script cannot reproduce."""
    if cfg.augment and cfg.task == "mnist":
        raise ValueError("runs with augmentation cannot be exported yet: turn augmentation off to get the script")
    kind = source_kind(cfg)
    parts = [
        _header(cfg, kind),
        _imports(kind, uses_loader=_uses_loader(cfg, kind)),
        _settings(cfg, kind),
        _DATA[kind].strip("\n"),
        _model(cfg),
        _EVALUATE[kind].strip("\n"),
        _LOG.strip("\n"),
        _train(cfg, kind),
        _MAIN.strip("\n"),
    ]
    return parts[0] + "\n\n" + "\n\n\n".join(parts[1:]) + "\n"


# ---------------------------------------------------------------- pieces


def _header(cfg: RunConfig, kind: str) -> str:
    data = "" if kind in ("logistic", "linear") else f" --data {DATA_DEFAULTS[kind]}"
    title = TITLES[kind] if TITLES[kind].endswith(("?", ".")) else TITLES[kind] + "."
    lines = [f'"""{title}', "",
             "Exported from torchplay with the page's settings; the same seed gives the page's numbers.",
             f"Run:   python {script_name(cfg)}{data}",
             "Check: add --json to print the records the page plots, --steps 20 to stop after 20 iterations."]
    if kind == "upload":
        lines += ["The data: the CSV you uploaded to torchplay, numeric feature columns with the 0/1 label last",
                  "(a first line that is not numbers is skipped as a header)."]
    elif kind == "mnist":
        lines.append(f"The data: the four MNIST files in torchplay's {DATA_DEFAULTS[kind]} (`python -m core.data fetch`).")
    elif kind in ("diabetes", "titanic"):
        lines.append(f"The data: torchplay's {DATA_DEFAULTS[kind]} (in its repository).")
    return "\n".join(lines) + '\n"""'


def _uses_loader(cfg: RunConfig, kind: str) -> bool:
    """Chapter 8's runs use a real DataLoader; the others slice tensors in the same order (core.train)."""
    return cfg.loader == "dataloader" and kind != "mnist"


def _imports(kind: str, uses_loader: bool) -> str:
    standard = ["import argparse", *(["import csv"] if kind == "titanic" else []), "import json", "import math",
                *(["import re"] if kind == "titanic" else [])]
    if kind == "mnist":
        standard.append("from pathlib import Path")
    loading = "DataLoader, Dataset" if uses_loader else "Dataset"
    numpy = "" if kind in ("logistic", "linear") else "import numpy as np\n"
    return "\n".join(standard) + f"\n\n{numpy}import torch\nfrom torch import nn\nfrom torch.utils.data import {loading}"


def _settings(cfg: RunConfig, kind: str) -> str:
    seeded = "weights, batch order and the train/test split" if kind in ("diabetes", "titanic", "upload") else (
        "starting weights" if kind in ("logistic", "linear") else "weights, dropout and batch order")
    rows = [("SEED", cfg.seed, seeded),
            ("LR", cfg.lr, "learning rate")]
    if cfg.optimizer == "sgd":
        rows.append(("MOMENTUM", cfg.momentum, None))
    rows += [("EPOCHS", cfg.epochs, None),
             ("BATCH_SIZE", cfg.batch_size, "0 means the whole training set in one batch"),
             ("SHUFFLE", cfg.shuffle, "a new order every epoch"),
             ("DROP_LAST", cfg.drop_last, "skip a last batch smaller than BATCH_SIZE")]
    if cfg.loader == "dataloader" and kind != "mnist":
        rows.append(("NUM_WORKERS", cfg.num_workers, "DataLoader worker processes"))
    rows.append(("LOG_EVERY", cfg.log_every, "iterations averaged into one printed loss"))
    if kind in ("diabetes", "titanic", "upload"):
        rows.append(("TEST_FRACTION", cfg.test_fraction, "share of rows held out for testing"))
    if kind in ("diabetes", "upload"):
        rows.append(("STANDARDISE", cfg.standardise, "scale features with the training rows' mean and std"))
    if kind not in ("logistic", "linear"):
        rows += [("TRAIN_SUBSET", cfg.train_subset, "use only the first N training samples (0 = all)"),
                 ("TEST_SUBSET", cfg.test_subset, "evaluate only the first N test samples (0 = all)")]
    if kind not in ("logistic", "linear"):
        rows.append(("PATIENCE", getattr(cfg, "patience", 0), "early stopping: epochs without a better test loss (0 = off)"))
    rows.append(("DEVICE", cfg.device, "'auto' picks a GPU when there is one"))
    if kind not in ("logistic", "linear"):
        rows.append(("DATA", DATA_DEFAULTS[kind], "or give --data PATH"))
    else:
        rows.append(("DATA", "", "the data is in the script"))
    lines = ["# The settings of the page's run (the model and optimiser are written out below)."]
    width = max(len(f"{name} = {value!r}") for name, value, _ in rows) + 2
    for name, value, note in rows:
        line = f"{name} = {value!r}"
        lines.append(f"{line:<{width}}# {note}" if note else line)
    return "\n".join(lines)


def _model(cfg: RunConfig) -> str:
    """The model class: core's own source for the fixed models, the course's layer-by-layer Model for tables."""
    if cfg.task not in ("diabetes", "titanic"):
        return inspect.getsource(_course_model(cfg)).strip("\n")
    widths = ["in_features", *map(str, cfg.hidden), "1"]
    layers = [f"        self.linear{i} = nn.Linear({a}, {b})"
              for i, (a, b) in enumerate(zip(widths[:-1], widths[1:]), start=1)]
    activation = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "ReLU"}[cfg.activation]
    forward = [f"        x = self.activation(self.linear{i}(x))" for i in range(1, len(cfg.hidden) + 1)]
    forward.append(f"        return torch.sigmoid(self.linear{len(cfg.hidden) + 1}(x))")
    shape = " -> ".join(w if w != "in_features" else "features" for w in widths)
    doc = (f"{shape}, {cfg.activation} between the layers, sigmoid output." if cfg.hidden
           else "No hidden layer: logistic regression on all the features.")
    return "\n".join([
        "class Model(nn.Module):",
        f'    """{doc}"""',
        "",
        "    def __init__(self, in_features):",
        "        super().__init__()",
        "        # Created in this order, so the same seed gives the same starting weights.",
        *layers,
        f"        self.activation = nn.{activation}()",
        "",
        "    def forward(self, x):",
        *forward,
    ])


def _course_model(cfg: RunConfig) -> type:
    """core's own class for the models the script copies verbatim."""
    return {"logistic": LogisticRegression, "linear": LinearRegression}.get(
        cfg.task, MnistCNN if cfg.model == "cnn" else MnistMLP)


def _criterion(cfg: RunConfig) -> str:
    if cfg.task == "linear":
        return "torch.nn.MSELoss()"
    if cfg.task == "mnist":
        return "torch.nn.CrossEntropyLoss()"
    return "torch.nn.BCELoss()"


def _optimizer(cfg: RunConfig) -> str:
    if cfg.optimizer == "adam":
        return "torch.optim.Adam(model.parameters(), lr=LR)"
    return "torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)"


def _train(cfg: RunConfig, kind: str) -> str:
    model = ("Model(train_set.x_data.shape[1])" if kind in ("diabetes", "titanic", "upload")
             else f"{_course_model(cfg).__name__}()")
    uses_loader = _uses_loader(cfg, kind)
    if uses_loader:
        loader = ("    train_loader = DataLoader(dataset=train_set, batch_size=batch_size, shuffle=SHUFFLE,\n"
                  "                              drop_last=DROP_LAST, num_workers=NUM_WORKERS, generator=generator)\n")
        batches = "enumerate(train_loader, 1)"
    else:
        loader = ""
        batches = "enumerate(epoch_batches(train_set, batch_size, generator), 1)"
    running = ""
    if kind == "mnist":
        running = ("            correct += int((outputs.argmax(1) == labels).sum())  # running accuracy of the epoch\n"
                   "            seen += len(labels)\n"
                   "            epoch_loss += loss.item() * len(labels)\n")
    epoch_start = "        correct, seen, epoch_loss = 0, 0, 0.0\n" if kind == "mnist" else ""
    evaluate = ("        record = evaluate(model, criterion, test_set, device)\n"
                "        record |= {\"train/loss\": epoch_loss / seen, \"train/acc\": correct / seen}\n"
                if kind == "mnist" else
                "        record = evaluate(model, criterion, train_set, test_set, device)\n"
                if kind not in ("logistic", "linear") else
                "        record = evaluate(model, criterion, train_set, device)\n")
    stop = ""
    if kind not in ("logistic", "linear"):
        stop = _PATIENCE_RULE.strip("\n") + "\n"
    batch_helper = "" if uses_loader else _EPOCH_BATCHES.strip("\n") + "\n\n\n"
    return (batch_helper +
            "def train(args):\n"
            "    torch.manual_seed(SEED)  # one seed for the starting weights (and dropout)\n"
            "    train_set, test_set = load_datasets(args.data)\n"
            "    device = pick_device(args.device)\n"
            f"    model = {model}.to(device)\n"
            f"    criterion = {_criterion(cfg)}\n"
            f"    optimizer = {_optimizer(cfg)}\n"
            "    generator = torch.Generator().manual_seed(SEED)  # the batch order, apart from the weights\n"
            "    n = len(train_set)\n"
            "    batch_size = n if BATCH_SIZE == 0 else min(BATCH_SIZE, n)\n"
            "    iterations = n // batch_size if DROP_LAST else math.ceil(n / batch_size)  # per epoch\n"
            + loader +
            "    step = 0\n"
            + ("" if kind in ("logistic", "linear") else "    best_loss, best_epoch, waited = math.inf, 0, 0\n") +
            "    for epoch in range(1, EPOCHS + 1):\n"
            "        model.train()\n"
            "        running_loss, count = 0.0, 0\n"
            + epoch_start +
            f"        for iteration, (inputs, labels) in {batches}:\n"
            "            inputs, labels = inputs.to(device), labels.to(device)\n"
            "            outputs = model(inputs)  # forward\n"
            "            loss = criterion(outputs, labels)\n"
            "            optimizer.zero_grad()  # backward\n"
            "            loss.backward()\n"
            "            optimizer.step()  # update\n"
            + running +
            "            step += 1\n"
            "            if not (math.isfinite(loss.item()) and all(p.isfinite().all() for p in model.parameters())):\n"
            "                log(args, {\"kind\": \"end\", \"epoch\": epoch, \"step\": step, \"reason\": \"diverged\",\n"
            "                           \"message\": f\"Diverged at step {step}: the learning rate {LR:g} is too large.\"})\n"
            "                return\n"
            "            running_loss += loss.item()\n"
            "            count += 1\n"
            "            if count == LOG_EVERY or iteration == iterations:\n"
            "                log(args, {\"kind\": \"train\", \"epoch\": epoch, \"step\": step, \"iteration\": iteration,\n"
            "                           \"train/loss\": running_loss / count})\n"
            "                running_loss, count = 0.0, 0\n"
            "            if step == args.steps:\n"
            "                log(args, {\"kind\": \"end\", \"epoch\": epoch, \"step\": step, \"reason\": \"steps\",\n"
            "                           \"message\": f\"Stopped after {step} steps (--steps), loss {loss.item():.6f}.\"})\n"
            "                return\n"
            + evaluate +
            "        log(args, {\"kind\": \"eval\", \"epoch\": epoch, \"step\": step} | record)\n"
            + stop +
            "    log(args, {\"kind\": \"end\", \"epoch\": EPOCHS, \"step\": step, \"reason\": \"finished\",\n"
            "               \"message\": f\"Finished {EPOCHS} epochs ({step} steps).\"})")


# ---------------------------------------------------------------- fixed text

_SPLIT = '''
def split_rows(n):
    """Train and test row numbers: a seeded shuffle, or every row in order when TEST_FRACTION is 0."""
    if TEST_FRACTION == 0:
        return np.arange(n), np.arange(0)
    n_test = max(1, round(n * TEST_FRACTION))
    order = np.random.default_rng(SEED).permutation(n)
    return order[n_test:], order[:n_test]


def fit_scale(x_train, columns):
    """Mean and std of the training rows for `columns` (0 and 1 for the others): the test rows stay unseen."""
    mean, std = np.zeros(x_train.shape[1]), np.ones(x_train.shape[1])
    stats = x_train[:, columns].astype(np.float64)
    mean[columns] = stats.mean(axis=0)
    spread = stats.std(axis=0)
    std[columns] = np.where(spread > 0, spread, 1.0)
    return torch.from_numpy(mean.astype(np.float32)), torch.from_numpy(std.astype(np.float32))


def make_datasets(x, y, scaled_columns):
    """Split rows (N, F) and labels (N,), scale `scaled_columns`, keep the TRAIN_SUBSET/TEST_SUBSET budget."""
    train_rows, test_rows = split_rows(len(x))
    mean, std = fit_scale(x[train_rows], scaled_columns) if len(scaled_columns) else (None, None)

    def dataset(rows, keep):
        inputs = torch.from_numpy(x[rows])
        if mean is not None:
            inputs = (inputs - mean) / std
        labels = torch.from_numpy(y[rows]).reshape(-1, 1)
        return IndexedDataset(inputs[:keep or None], labels[:keep or None])

    train_set = dataset(train_rows, TRAIN_SUBSET)
    test_set = dataset(test_rows, TEST_SUBSET) if len(test_rows) else None
    return train_set, test_set
'''

_DATASET = inspect.getsource(IndexedDataset) + "\n"

_DATA = {
    "logistic": _DATASET + '''
def load_datasets(path):
    """The chapter's three students: hours studied -> passed (1) or not (0); all of them train, no test set."""
    x_data = torch.tensor([[1.0], [2.0], [3.0]])
    y_data = torch.tensor([[0.0], [0.0], [1.0]])
    return IndexedDataset(x_data, y_data), None
''',
    "diabetes": _DATASET + _SPLIT + '''

def load_datasets(path):
    """diabetes.csv.gz: 8 measurements per person, then 1 for diabetes or 0."""
    xy = np.loadtxt(path, delimiter=",", dtype=np.float32, ndmin=2)
    x, y = np.ascontiguousarray(xy[:, :-1]), np.ascontiguousarray(xy[:, -1])
    return make_datasets(x, y, np.arange(x.shape[1]) if STANDARDISE else np.arange(0))
''',
    "upload": _DATASET + _SPLIT + '''

def load_datasets(path):
    """Your CSV: numeric feature columns, the 0/1 label last; a first line that is not numbers is a header."""
    try:
        xy = np.loadtxt(path, delimiter=",", dtype=np.float32, ndmin=2)
    except ValueError:
        xy = np.loadtxt(path, delimiter=",", dtype=np.float32, ndmin=2, skiprows=1)
    x, y = np.ascontiguousarray(xy[:, :-1]), np.ascontiguousarray(xy[:, -1])
    return make_datasets(x, y, np.arange(x.shape[1]) if STANDARDISE else np.arange(0))
''',
    "titanic": _DATASET + _SPLIT + '''

TITLE_NAMES = ("Mr", "Mrs", "Miss", "Master", "Rare")
SAME_TITLE = {"Mlle": "Miss", "Ms": "Miss", "Mme": "Mrs"}


def title_of(name):
    """'Allen, Miss. Elisabeth Walton' -> 'Miss'; rare titles (Dr, Rev, Countess, ...) -> 'Rare'."""
    match = re.search(r",\\s*([^.,]+)\\.", name)
    title = SAME_TITLE.get(match.group(1), match.group(1)) if match else None
    return title if title in TITLE_NAMES else "Rare"


def read_passengers(path):
    """titanic.csv rows: title, class, sex, age (None when not recorded), family aboard, survived."""
    with open(path, newline="", encoding="utf-8") as f:
        return [dict(title=title_of(row["name"]), pclass=int(row["pclass"]), male=row["sex"].strip().lower() == "male",
                     age=float(row["age"]) if row["age"].strip() else None,
                     family=int(float(row["sibsp"])) + int(float(row["parch"])) + 1, survived=int(row["survived"]))
                for row in csv.DictReader(f)]


def age_fill(rows):
    """The age given when none is recorded: the median known age of training passengers with the same title."""
    overall = float(np.median([row["age"] for row in rows if row["age"] is not None]))
    fill = {}
    for title in TITLE_NAMES:
        ages = [row["age"] for row in rows if row["age"] is not None and row["title"] == title]
        fill[title] = float(np.median(ages)) if ages else overall
    return fill


def encode(rows, fill):
    """pclass one-hot (3), sex_male, age, family size, is_alone, title one-hot (5)."""
    x = np.zeros((len(rows), 7 + len(TITLE_NAMES)), dtype=np.float32)
    for i, row in enumerate(rows):
        x[i, row["pclass"] - 1] = 1.0
        x[i, 3] = row["male"]
        x[i, 4] = row["age"] if row["age"] is not None else fill[row["title"]]
        x[i, 5] = row["family"]
        x[i, 6] = row["family"] == 1
        x[i, 7 + TITLE_NAMES.index(row["title"])] = 1.0
    return x


def load_datasets(path):
    """Encode every passenger; missing ages and the age/family-size scaling come from the training rows."""
    rows = read_passengers(path)
    train_rows, _ = split_rows(len(rows))
    x = encode(rows, age_fill([rows[i] for i in train_rows]))
    y = np.array([row["survived"] for row in rows], dtype=np.float32)
    return make_datasets(x, y, np.array([4, 5]))  # age and family size; the 0/1 columns stay as they are
''',
    "mnist": _DATASET + '''
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # of all training pixels: transforms.Normalize((0.1307,), (0.3081,))


def read_idx(path):
    """An IDX file of unsigned bytes (MNIST's raw format) as a uint8 tensor."""
    data = np.fromfile(path, dtype=np.uint8)
    ndim = int(data[3])
    shape = tuple(int(n) for n in data[4:4 + 4 * ndim].view(">u4"))
    return torch.from_numpy(data[4 + 4 * ndim:].reshape(shape))


def mnist_split(raw_dir, split, keep):
    """One split normalised once, as transforms.ToTensor() + transforms.Normalize would do image by image."""
    images = read_idx(Path(raw_dir) / f"{split}-images-idx3-ubyte")
    labels = read_idx(Path(raw_dir) / f"{split}-labels-idx1-ubyte").long()
    x = images.float().div_(255).sub_(MNIST_MEAN).div_(MNIST_STD).unsqueeze(1)  # (N, 1, 28, 28)
    return IndexedDataset(x[:keep or None], labels[:keep or None])


def load_datasets(raw_dir):
    """The 60000 training and 10000 test images (or the TRAIN_SUBSET/TEST_SUBSET budget)."""
    return mnist_split(raw_dir, "train", TRAIN_SUBSET), mnist_split(raw_dir, "t10k", TEST_SUBSET)
''',
}
_DATA["linear"] = _DATA["logistic"]

_SCORE = f'''
@torch.no_grad()
def score(model, criterion, dataset, device, classes):
    """Mean loss and accuracy over a whole dataset, {EVAL_CHUNK} samples at a time."""
    total_loss, outputs = 0.0, []
    for start in range(0, len(dataset), {EVAL_CHUNK}):
        inputs = dataset.x_data[start:start + {EVAL_CHUNK}].to(device)
        labels = dataset.y_data[start:start + {EVAL_CHUNK}].to(device)
        out = model(inputs)
        total_loss += float(criterion(out, labels)) * len(out)
        outputs.append(out)
    out = torch.cat(outputs)
    labels = dataset.y_data.to(device)
    predicted = out.argmax(1) if classes else (out >= 0.5).float()
    return total_loss / len(dataset), float((predicted == labels).float().mean())
'''

_EVALUATE = {
    "logistic": '''
@torch.no_grad()
def evaluate(model, criterion, train_set, device):
    """Loss and accuracy on the three students, and the fitted w and b."""
    model.eval()
    x, y = train_set.x_data.to(device), train_set.y_data.to(device)
    out = model(x)
    record = {"train/loss": float(criterion(out, y)), "train/acc": float(((out >= 0.5).float() == y).float().mean()),
              "w": float(model.linear.weight), "b": float(model.linear.bias)}
    model.train()
    return record
''',
    "linear": '''
@torch.no_grad()
def evaluate(model, criterion, train_set, device):
    """Loss on the three students, and the fitted w and b."""
    model.eval()
    x, y = train_set.x_data.to(device), train_set.y_data.to(device)
    record = {"train/loss": float(criterion(model(x), y)),
              "w": float(model.linear.weight), "b": float(model.linear.bias)}
    model.train()
    return record
''',
    "mnist": _SCORE + '''

def evaluate(model, criterion, test_set, device):
    """Test loss and accuracy (dropout off, batch norm with its running statistics)."""
    model.eval()
    loss, acc = score(model, criterion, test_set, device, classes=True)
    model.train()
    return {"test/loss": loss, "test/acc": acc}
''',
    "tabular": _SCORE + '''

def evaluate(model, criterion, train_set, test_set, device):
    """Loss and accuracy on the whole training set, and on the test set when there is one."""
    model.eval()
    record = dict(zip(("train/loss", "train/acc"), score(model, criterion, train_set, device, classes=False)))
    if test_set is not None:
        record |= dict(zip(("test/loss", "test/acc"), score(model, criterion, test_set, device, classes=False)))
    model.train()
    return record
''',
}
for _kind in ("diabetes", "titanic", "upload"):
    _EVALUATE[_kind] = _EVALUATE["tabular"]

_EPOCH_BATCHES = '''
def epoch_batches(dataset, batch_size, generator):
    """One epoch's batches, in the order DataLoader(dataset, batch_size, shuffle=SHUFFLE, drop_last=DROP_LAST)
    would give them from `generator`'s random numbers, but sliced from the tensors in one go (faster)."""
    n = len(dataset)
    order = torch.randperm(n, generator=generator) if SHUFFLE else torch.arange(n)
    for index in order.split(batch_size):
        if DROP_LAST and len(index) < batch_size:
            break
        yield dataset.x_data[index], dataset.y_data[index]
'''

_LOG = '''
def pick_device(name):
    if name == "auto":
        return torch.accelerator.current_accelerator() if torch.accelerator.is_available() else torch.device("cpu")
    return torch.device(name)


def log(args, record):
    """One record: JSON with --json, else a line to read."""
    if args.json:
        print(json.dumps(record), flush=True)
    elif record["kind"] == "train":
        print(f"[epoch {record['epoch']}, iteration {record['iteration']}] loss: {record['train/loss']:.6f}")
    elif record["kind"] == "eval":
        scores = ", ".join(f"{key} {value:.4f}" for key, value in record.items() if "/" in key)
        print(f"epoch {record['epoch']} done: {scores}")
    else:
        print(record["message"])
'''

_MAIN = '''
def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DATA, help="the data file (or MNIST raw folder)")
    parser.add_argument("--steps", type=int, default=0, help="stop after this many iterations (0 = all epochs)")
    parser.add_argument("--json", action="store_true", help="print one JSON record per line")
    parser.add_argument("--device", default=DEVICE, help="auto, cpu, cuda or mps")
    parser.add_argument("--threads", type=int, default=1,
                        help="CPU threads; 1 as on the page (more is faster; numbers differ by ~1e-5 after 300 steps)")
    return parser.parse_args()


if __name__ == '__main__':
    args = parse_args()
    torch.set_num_threads(args.threads)  # the page trains on one thread: the same records, to the last digit
    train(args)
'''

_PATIENCE_RULE = '''
        if PATIENCE and test_set is not None:  # early stopping, the rule of core/stop_rules.py
            if record["test/loss"] < best_loss:
                best_loss, best_epoch, waited = record["test/loss"], epoch, 0
            else:
                waited += 1
            if waited >= PATIENCE:
                log(args, {"kind": "end", "epoch": epoch, "step": step, "reason": "finished", "stopped_early": True,
                           "best_epoch": best_epoch, "best_test_loss": best_loss,
                           "message": f"Stopped early at epoch {epoch}: no better test loss for {PATIENCE} epochs "
                                      f"(best test loss {best_loss:.4f} at epoch {best_epoch})."})
                return
'''
