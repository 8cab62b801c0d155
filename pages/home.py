"""Home: what each chapter page teaches, and whether this machine is ready."""

import streamlit as st

from ui.status import dataset_status, training_device

CHAPTERS = [
    ("pages/logistic_regression.py", "6 · Logistic regression",
     "Squash a line through a sigmoid to get a probability; see why BCE, not MSE, is the loss "
     "for classification, on the course's hours → pass data."),
    ("pages/multiple_features.py", "7 · Multiple features",
     "Eight diabetes measurements in, one probability out: build the 8-6-4-1 network, watch its "
     "weights learn, and see too many layers overfit."),
    ("pages/mini_batches.py", "8 · Mini-batches",
     "Dataset and DataLoader for real: batch size, shuffle, epoch vs iteration; full batch vs "
     "mini-batch vs one-at-a-time; then the Titanic exercise."),
    ("pages/softmax_mnist.py", "9 · Softmax on MNIST",
     "Ten classes: softmax and cross-entropy by hand, then train the course's MNIST network "
     "(or a CNN) live with a confusion matrix of its mistakes."),
    ("pages/draw.py", "Draw a digit",
     "Draw with the mouse and watch the trained models read your handwriting, step by step."),
]

st.title("torchplay 🔥")
st.markdown("A visual playground for 《PyTorch深度学习实践》 chapters 6–9: move a slider, and a real "
            "PyTorch training loop answers with live charts.")

for path, title, text in CHAPTERS:
    with st.container(border=True):
        st.page_link(path, label=title)
        st.caption(text)

st.subheader("This machine")
device_col, data_col = st.columns(2)
device_col.metric("Training device", training_device())
status = dataset_status()
with data_col:
    for name, ready in status.items():
        st.markdown(f"{'✅' if ready else '❌'} **{name}** {'ready' if ready else 'missing: run `make run`'}")
