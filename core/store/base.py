"""What one backend serves: both store interfaces over one connection, and the error any backend failure raises."""

from abc import abstractmethod

from core.store.boards import BoardStore
from core.store.model_store import ModelStore


class StoreError(RuntimeError):
    """The store cannot be reached or cannot write (the message says which store and why)."""


class Store(BoardStore, ModelStore):
    """A class store: boards and saved models in one place, so a class's models go when the class goes."""

    url: str

    @abstractmethod
    def ping(self) -> None:
        """Raise StoreError when the store cannot be reached."""
