"""Progress of a default-model build: a fraction done and a Note, which a page can say in the learner's language."""

from typing import Callable


class Note(str):
    """A progress message: its English text (the terminal bar prints it) with a key and fields, so a page can say
    it in the learner's language."""

    def __new__(cls, key: str, text: str, **fields):
        note = super().__new__(cls, text.format(**fields))
        note.key, note.fields = key, fields
        return note

    def about(self, model: str) -> "Note":
        """The same note, naming the default model it is about."""
        return Note(self.key, "{model}: " + self.replace("{", "{{").replace("}", "}}"), model=model, **self.fields)


Progress = Callable[[float, Note], None]  # (fraction done 0..1, what is happening)


def no_progress(fraction: float, note: Note) -> None:
    """A Progress that shows nothing."""
