"""Chapters 9-11: MNIST digits with the course's MLP, the course's CNNs (chapter 10), its Inception and residual
networks (chapter 11) or the CNN that goes further."""

import math
from pathlib import Path

import numpy as np
import torch
from torch import nn

from core import data
from core.advanced_cnn import BLOCK_KINDS, CourseInception, CourseResNet, InceptionA, ResidualBlock
from core.loop import IndexedDataset, score
from core.mnist import MNIST_MEAN, MNIST_STD, normalise_images, read_idx
from core.models import CourseCNN, CourseCNNExercise, MnistCNN, MnistMLP
from core.softmax import first_of_each_class
from core.tasks.base import TaskData

NAME = "mnist"
TITLE = "Chapter 9 · Softmax classifier on MNIST"
DATA_FILE = "data/MNIST/raw"
DATA_NOTE = "The data: the four MNIST files in torchplay's data/MNIST/raw (`python -m core.data fetch`)."
SEEDED = "the starting weights, dropout and the batch order"
CAPTURABLE = True  # a small model's step is kernel launches on a GPU: one CUDA graph does them all
PARALLEL = True  # the CLI trains it on every core; the small tasks on one
AUGMENTABLE = True  # core.augment's distortions are made for digits
CLASSES = 10
SOFTMAX_OUTPUTS = True  # the models give logits; predictions read softmax(logits)
DEFAULTS = dict(model="mlp", optimizer="sgd", lr=0.01, momentum=0.5, epochs=10, batch_size=64, log_every=300,
                activation="relu")
COMPARED = ("model", "lr", "momentum", "batch_size", "epochs", "train_subset", "test_subset", "seed", "patience")
CHANCE_LOSS = math.log(CLASSES)  # answering 1 in 10 for every digit
SCRIPT_DATA_TEXT = "export.data_mnist"
READS_DIGITS = True  # /draw loads its checkpoints
DATASET = "MNIST"  # its name in ui/text's shell.dataset.*


def data_ready() -> bool:
    return bool(data.mnist_status()["ready"])


def load(cfg) -> TaskData:
    tensors = data.load_mnist()
    train, test = slice(cfg.train_subset or None), slice(cfg.test_subset or None)
    return TaskData(tensors.x_train[train], tensors.y_train[train], tensors.x_test[test], tensors.y_test[test])


def load_datasets(raw_dir, cfg):
    """The 60000 training and 10000 test images of MNIST's raw folder, normalised once (or the budget's first N)."""
    sets = []
    for split, keep in (("train", cfg.train_subset), ("t10k", cfg.test_subset)):
        images = read_idx(Path(raw_dir) / f"{split}-images-idx3-ubyte")
        labels = read_idx(Path(raw_dir) / f"{split}-labels-idx1-ubyte").long()
        sets.append(IndexedDataset(normalise_images(images)[:keep or None], labels[:keep or None]))
    return tuple(sets)


def build_model(cfg, in_features):
    """The network cfg.model names (core.config.MNIST_MODELS)."""
    return {"mlp": MnistMLP, "cnn": MnistCNN, "course-cnn": CourseCNN, "course-cnn-exercise": CourseCNNExercise,
            "course-inception": CourseInception, "course-resnet": CourseResNet,
            "course-resnet-relu-before-addition": lambda: CourseResNet("relu-before-addition"),
            "course-resnet-full-preactivation": lambda: CourseResNet("full-preactivation")}[cfg.model]()


def criterion(cfg):
    """Cross-entropy: LogSoftmax and NLLLoss in one, on the logits."""
    return nn.CrossEntropyLoss()


def count_correct(outputs, labels):
    """The class with the largest logit is the prediction."""
    return int((outputs.argmax(1) == labels).sum())


@torch.no_grad()
def evaluate(model, criterion, train_set, test_set, running, keep_going=None):
    """The epoch's train loss and accuracy as it trained, the test loss and accuracy, the confusion matrix."""
    record = {"train/loss": running["loss"] / running["seen"], "train/acc": running["correct"] / running["seen"]}
    if test_set is None:
        return record, None
    scored = score(model, criterion, test_set, count_correct, keep_going)
    if scored is None:
        return None, None
    record["test/loss"], record["test/acc"], outputs = scored
    labels = test_set.y_data.to(outputs.device)
    confusion = torch.bincount(labels * CLASSES + outputs.argmax(1), minlength=CLASSES ** 2)
    confusion = confusion.reshape(CLASSES, CLASSES).cpu()  # rows: true class, columns: predicted
    record["confusion"] = confusion.tolist()
    record["per_class_acc"] = (confusion.diag().float() / confusion.sum(1).clamp(min=1).float()).tolist()
    return record, outputs


def last_eval(outputs, labels) -> dict:
    """Every test digit's prediction and probabilities, for the page's mistakes and confidence views."""
    return {"pred": outputs.argmax(1).cpu().numpy(), "labels": labels.cpu().numpy(),
            "probs": outputs.softmax(1).cpu().numpy().astype(np.float32)}


def probe_index(data: TaskData) -> torch.Tensor:
    """One fixed test digit of each class, whose softmax outputs the page watches learn."""
    labels = data.y_test if data.y_test is not None else data.y_train
    return torch.tensor(first_of_each_class(labels), dtype=torch.long)


def train_fields(training) -> dict:
    return {"probe/probs": training.probe_probs()}


# The exported script's title names the network it trains (TITLE is the task's, chapter 9's MLP).
SCRIPT_TITLES = {"mlp": TITLE, "cnn": "Chapter 9, going further · A CNN with batch norm and dropout on MNIST",
                 "course-cnn": "Chapter 10 · The course's CNN on MNIST",
                 "course-cnn-exercise": "Chapter 10 · The exercise network (3 conv, 3 pooling, 3 linear) on MNIST",
                 "course-inception": "Chapter 11 · The course's Inception network on MNIST",
                 "course-resnet": "Chapter 11 · The course's residual network on MNIST",
                 "course-resnet-relu-before-addition":
                     "Chapter 11 · The residual network with ReLU before addition (He et al. 2016) on MNIST",
                 "course-resnet-full-preactivation":
                     "Chapter 11 · The residual network with full pre-activation (He et al. 2016) on MNIST"}


def script_title(cfg):
    return SCRIPT_TITLES[cfg.model]


def script_stem(cfg):
    return f"mnist_{cfg.model}"


def script_settings(cfg):
    return [("model", cfg.model, "'mlp' (chapter 9), 'course-cnn' or 'course-cnn-exercise' (chapter 10), "
             "'course-inception' or 'course-resnet[-relu-before-addition|-full-preactivation]' (chapter 11), 'cnn'")]


def script_sources(cfg):
    """The data and model code; every MNIST model class comes along, since build_model looks the name up among them."""
    return [("MNIST_MEAN", MNIST_MEAN, None), ("MNIST_STD", MNIST_STD, None), read_idx, normalise_images,
            load_datasets, MnistMLP, MnistCNN, CourseCNN, CourseCNNExercise, InceptionA, CourseInception,
            ("BLOCK_KINDS", BLOCK_KINDS, None), ResidualBlock, CourseResNet, build_model, criterion,
            ("CLASSES", CLASSES, None), count_correct, evaluate]
