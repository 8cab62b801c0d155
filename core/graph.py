"""Lecture 4's computational graphs: forward values and backward gradients, node by node, by the chain rule.

A tiny scalar engine in karpathy/micrograd's spirit: each node keeps its value, its parents and the local
derivative towards each parent; `backward` walks the nodes from the loss back, multiplying local derivatives
(the chain rule). `autograd_gradients` runs the same formula through torch, so every gradient can be shown
beside torch's own. Pure Python and torch: no UI here.
"""

from dataclasses import dataclass, field

import torch

MODELS = ("xw", "xwb", "quadratic")  # ŷ = x·w, ŷ = x·w + b, ŷ = w₁x² + w₂x + b
PARAMS = {"xw": ("w",), "xwb": ("w", "b"), "quadratic": ("w1", "w2", "b")}
LECTURE = {"x": 1.0, "y": 2.0, "w": 1.0}  # the lecture's example: ∂loss/∂w = −2
EXERCISE = {"x": 2.0, "y": 4.0, "w": 1.0}  # the exercise: ∂loss/∂w = −8


@dataclass
class Node:
    """One value in the graph; `grad` is ∂loss/∂(this node), filled in by backward()."""

    name: str
    formula: str  # how it is computed, e.g. "x·w" ("" for an input or a parameter)
    value: float
    parents: tuple = ()  # (parent Node, ∂this/∂parent) pairs
    kind: str = "op"  # "input", "param" or "op"
    grad: float = 0.0
    column: int = field(default=0)  # how far from the inputs: the drawing's x position


@dataclass(frozen=True)
class Edge:
    """Parent → child in the forward pass; backward sends `grad` = child's grad × `local` to the parent."""

    source: str
    target: str
    local: float  # ∂target/∂source at these values
    grad: float  # this edge's share of ∂loss/∂source


@dataclass(frozen=True)
class Graph:
    model: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if n.name == name)

    @property
    def loss(self) -> float:
        return self.node("loss").value

    def gradients(self) -> dict[str, float]:
        """∂loss/∂ of every node, by name."""
        return {n.name: n.grad for n in self.nodes}


def _leaf(name: str, value: float, kind: str) -> Node:
    return Node(name, "", float(value), kind=kind)


def _op(name: str, formula: str, value: float, *parents) -> Node:
    column = 1 + max(parent.column for parent, _ in parents)
    return Node(name, formula, float(value), tuple(parents), column=column)


def check_inputs(model: str, x: float, y: float, params: dict[str, float]) -> dict[str, float]:
    """The parameters the model needs, as floats; ValueError a learner can act on otherwise."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    values = {"x": x, "y": y, **{name: params.get(name) for name in PARAMS[model]}}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not abs(value) <= 1e6:
            raise ValueError(f"{name} must be a number between -1000000 and 1000000, got {value!r}")
    return {name: float(params[name]) for name in PARAMS[model]}


def build(model: str, x: float, y: float, params: dict[str, float]) -> Graph:
    """The graph of `model` at these values, forward and backward done."""
    p = check_inputs(model, x, y, params)
    x_node, y_node = _leaf("x", x, "input"), _leaf("y", y, "input")
    leaves = [x_node, *(_leaf(name, value, "param") for name, value in p.items())]
    if model == "xw":
        w = leaves[1]
        y_hat = _op("ŷ", "x·w", x * w.value, (x_node, w.value), (w, x))
        inner = []
    elif model == "xwb":
        w, b = leaves[1:]
        z = _op("z", "x·w", x * w.value, (x_node, w.value), (w, x))
        y_hat = _op("ŷ", "z + b", z.value + b.value, (z, 1.0), (b, 1.0))
        inner = [z]
    else:
        w1, w2, b = leaves[1:]
        square = _op("x²", "x·x", x * x, (x_node, 2 * x))
        p1 = _op("p", "w₁·x²", w1.value * square.value, (w1, square.value), (square, w1.value))
        p2 = _op("q", "w₂·x", w2.value * x, (w2, x), (x_node, w2.value))
        s = _op("s", "p + q", p1.value + p2.value, (p1, 1.0), (p2, 1.0))
        y_hat = _op("ŷ", "s + b", s.value + b.value, (s, 1.0), (b, 1.0))
        inner = [square, p1, p2, s]
    r = _op("r", "ŷ − y", y_hat.value - y, (y_hat, 1.0), (y_node, -1.0))
    loss = _op("loss", "r²", r.value ** 2, (r, 2 * r.value))
    nodes = (*leaves, y_node, *inner, y_hat, r, loss)
    edges = backward(nodes)
    return Graph(model, nodes, edges)


def backward(nodes) -> tuple[Edge, ...]:
    """The chain rule from the last node (the loss) back: each node passes grad × local to each parent."""
    for node in nodes:
        node.grad = 0.0
    nodes[-1].grad = 1.0  # ∂loss/∂loss
    edges = []
    for node in reversed(nodes):  # nodes are listed inputs first, so every child comes after its parents
        for parent, local in node.parents:
            share = node.grad * local
            parent.grad += share  # a node used twice (x in the quadratic) adds up its shares
            edges.append(Edge(parent.name, node.name, local, share))
    return tuple(reversed(edges))


def autograd_gradients(model: str, x: float, y: float, params: dict[str, float]) -> dict[str, float]:
    """∂loss/∂ of every node of the same graph, by torch's autograd (float64, intermediate grads retained)."""
    p = check_inputs(model, x, y, params)
    leaf = {name: torch.tensor(float(value), dtype=torch.float64, requires_grad=True)
            for name, value in {"x": x, "y": y, **p}.items()}
    named = dict(leaf)
    if model == "xw":
        named["ŷ"] = leaf["x"] * leaf["w"]
    elif model == "xwb":
        named["z"] = leaf["x"] * leaf["w"]
        named["ŷ"] = named["z"] + leaf["b"]
    else:
        named["x²"] = leaf["x"] * leaf["x"]
        named["p"] = leaf["w1"] * named["x²"]
        named["q"] = leaf["w2"] * leaf["x"]
        named["s"] = named["p"] + named["q"]
        named["ŷ"] = named["s"] + leaf["b"]
    named["r"] = named["ŷ"] - leaf["y"]
    named["loss"] = named["r"] ** 2
    for tensor in named.values():
        if not tensor.is_leaf:
            tensor.retain_grad()
    named["loss"].backward()
    return {name: float(tensor.grad) for name, tensor in named.items()}


def collapse(w1: torch.Tensor, b1: torch.Tensor, w2: torch.Tensor, b2: torch.Tensor):
    """Two linear layers with nothing between them are one: W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂)."""
    assert w1.shape[0] == w2.shape[1], "layer 2 must take layer 1's outputs"
    return w2 @ w1, w2 @ b1 + b2


def two_layers(seed: int, sizes: tuple[int, int, int] = (1, 3, 1)):
    """Two stacked layers, Linear(sizes[0], sizes[1]) then Linear(sizes[1], sizes[2]), seeded."""
    torch.manual_seed(seed)
    return torch.nn.Linear(sizes[0], sizes[1]), torch.nn.Linear(sizes[1], sizes[2])


@torch.no_grad()
def two_layer_outputs(first, second, xs: torch.Tensor, relu: bool) -> torch.Tensor:
    """The stacked layers' outputs over xs (N, 1), with or without a ReLU between them."""
    hidden = first(xs)
    return second(torch.relu(hidden) if relu else hidden)
