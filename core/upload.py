"""A learner's own CSV as a binary-classification table: parsed in memory, checked cell by cell, kept by id.

Layouts: the course's (numeric feature columns, 0/1 label last, no header, like diabetes.csv.gz) or a
header row with a chosen label column. Every rejection is an UploadError whose message names the line
(1-based, as an editor counts) and column; its `key`/`values` let the UI translate it.

pandas' C reader parses the cells; what it does not report is checked here, vectorised over the bytes:
each row's line number and cell count (pandas pads a short row with NaN), and which cell is bad and why.

Nothing here touches the file system, pickle or eval: bytes in, numpy arrays out. A parsed table is
registered under "upload:<sha256 prefix>" so a RunConfig can name it with a short hashable string;
the registry holds tables weakly, so a table lives as long as a learner's session keeps it.
"""

import csv
import hashlib
import io
import math
import re
import threading
import weakref
from dataclasses import dataclass

import numpy as np

MAX_BYTES = 20 * 1024 * 1024  # the server's maxUploadSize (.streamlit/config.toml) is 20 MB too
MAX_ROWS = 100_000
MAX_COLUMNS = 200  # features plus the label
MIN_ROWS = 10  # fewer leaves nothing sensible to split into train and test
ID_PREFIX = "upload:"
ID_PATTERN = re.compile(r"upload:[0-9a-f]{16}")

# English templates; ui/text/upload.py reuses them as the English side of its table and adds 中文.
MESSAGES = {
    "too_big": "The file is {megabytes:.1f} MB; the limit is {limit} MB.",
    "empty": "The file is empty: there is no row to read.",
    "binary": "Line {line} holds binary data (byte {byte} is not text): this looks like {kind}, not a CSV. "
              "Save the table as CSV (comma-separated values) and upload that.",
    "encoding": "Line {line}, character {column} is not UTF-8 text (byte 0x{byte:02x}). "
                "Save the file as CSV UTF-8 and upload it again.",
    "utf16": "The file is UTF-16 text (it starts with a UTF-16 byte-order mark). Save it as CSV UTF-8 and "
             "upload it again.",
    "too_many_rows": "The file has more than {limit:,} data rows; keep at most {limit:,}.",
    "too_many_columns": "Line {line} has {count:,} columns; at most {limit} (features and the label) are allowed.",
    "one_column": "Line {line} has a single column: a table needs at least one feature column and a label column.",
    "ragged": "Line {line} has {count} columns, but line {first_line} has {expected}: every row needs the same "
              "number of comma-separated cells.",
    "empty_cell": "Line {line}, column {column} is empty: every cell needs a number.",
    "not_number": "Line {line}, column {column}: {cell!r} is not a number.",
    "not_finite": "Line {line}, column {column}: {cell!r} is not a finite number (NaN and infinity cannot train).",
    "too_large": "Line {line}, column {column}: {cell!r} is too large for float32 (at most about 3.4e38).",
    "too_few_rows": "The file has {count} data row(s); at least {limit} are needed to train and test.",
    "label_not_binary": "Line {line}, column {column} (the label): {cell!r} is not 0 or 1. The label column must "
                        "hold only 0 and 1.",
    "one_class": "Every row's label (column {column}) is {value}: a classifier needs rows of both classes, 0 and 1.",
    "no_such_label": "There is no column named {label!r}; the header has {names}.",
    "header_empty": "Line 1 (the header), column {column} has no name.",
    "header_duplicate": "Line 1 (the header), column {column}: the name {name!r} is used twice.",
}

# What a binary file most likely is, by its first bytes: code (for translation) and English words.
BINARY_KINDS = {"zip": "a zip file (an Excel .xlsx workbook?)", "ole": "an old Excel .xls or Word file",
                "png": "a PNG image", "pdf": "a PDF document", "jpeg": "a JPEG image", "binary": "a binary file"}
_MAGIC = ((b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ole"), (b"\x89PNG", "png"), (b"%PDF", "pdf"),
          (b"\xff\xd8\xff", "jpeg"))
# Control characters that never appear in a text CSV (tab, newline and carriage return do).
_CONTROL = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_BLANK_LINE = re.compile(r"\n[^\S\n]+(?=\n)")  # a line of only white space (found from the "\n" before it)


class UploadError(ValueError):
    """A file that cannot be used as a table; str() is the English message, key/values translate it."""

    def __init__(self, code: str, **values):
        self.key = f"upload.error.{code}"
        self.code = code
        self.values = values
        super().__init__(MESSAGES[code].format(**values))


@dataclass(frozen=True, eq=False)
class Table:
    """An uploaded binary-classification table: raw feature units, 0/1 labels, file order."""

    id: str  # "upload:<sha256 prefix>" of the bytes and the label choice
    x: np.ndarray  # (N, F) float32
    y: np.ndarray  # (N,) float32, 0/1
    feature_names: tuple[str, ...]
    label_name: str
    columns: tuple[str, ...]  # every column in file order (header names, or "column 1".. without a header)
    has_header: bool
    lines: np.ndarray  # (N,) 1-based file line of each row

    @property
    def positives(self) -> int:
        return int(self.y.sum())


def table_id(raw: bytes, label_index: int) -> str:
    """The id of these bytes with this label column (0-based): the same file and label always give the same id."""
    digest = hashlib.sha256(raw)
    digest.update(b"\0label=%d" % label_index)
    return ID_PREFIX + digest.hexdigest()[:16]


def parse_csv(raw: bytes, label: str | int | None = None) -> Table:
    """Bytes of a CSV -> a checked Table; label is a header name or 0-based column index (None = last column)."""
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_csv takes the file's bytes, got {type(raw).__name__}")
    raw = bytes(raw)
    if len(raw) > MAX_BYTES:
        raise UploadError("too_big", megabytes=len(raw) / 2**20, limit=MAX_BYTES // 2**20)
    data = _plain_lines(_decode(raw))
    lines, starts, ends = _rows(data)
    if not len(lines):
        raise UploadError("empty")
    first = data[starts[0]:ends[0]].decode()
    delimiter = _delimiter(first)
    cells = _cell_counts(data, delimiter, starts, ends)
    expected = int(cells[0])
    if expected > MAX_COLUMNS:
        raise UploadError("too_many_columns", line=int(lines[0]), count=expected, limit=MAX_COLUMNS)
    if expected < 2:
        raise UploadError("one_column", line=int(lines[0]))
    header = _header(first, delimiter)
    body = 1 if header else 0
    if len(lines) - body > MAX_ROWS:
        raise UploadError("too_many_rows", limit=MAX_ROWS)
    ragged = np.flatnonzero(cells != expected)
    if len(ragged):
        row = int(ragged[0])
        if cells[row] > MAX_COLUMNS:
            raise UploadError("too_many_columns", line=int(lines[row]), count=int(cells[row]), limit=MAX_COLUMNS)
        raise UploadError("ragged", line=int(lines[row]), count=int(cells[row]), first_line=int(lines[0]),
                          expected=expected)
    columns = tuple(header) if header else tuple(f"column {i + 1}" for i in range(expected))
    label_index = _label_index(label, columns, bool(header))
    lines, starts, ends = lines[body:], starts[body:], ends[body:]
    if len(lines) < MIN_ROWS:
        raise UploadError("too_few_rows", count=len(lines), limit=MIN_ROWS)
    values = _numbers(data[starts[0]:], delimiter, len(lines))

    def line(row: int) -> str:
        return data[starts[row]:ends[row]].decode()

    _check_cells(values, line, lines, delimiter)
    y = values[:, label_index]
    not_binary = np.flatnonzero((y != 0) & (y != 1))
    if len(not_binary):
        row = int(not_binary[0])
        raise UploadError("label_not_binary", line=int(lines[row]), column=_column_name(label_index, columns, header),
                          cell=_cell(line(row), delimiter, label_index))
    if y.min() == y.max():
        raise UploadError("one_class", column=_column_name(label_index, columns, header), value=int(y[0]))
    features = [i for i in range(expected) if i != label_index]
    return Table(
        id=table_id(raw, label_index), x=np.ascontiguousarray(values[:, features], dtype=np.float32),
        y=np.ascontiguousarray(y, dtype=np.float32), feature_names=tuple(columns[i] for i in features),
        label_name=columns[label_index], columns=columns, has_header=bool(header), lines=lines,
    )


def header_names(raw: bytes) -> tuple[str, ...] | None:
    """The column names when the file starts with a header row, else None (the full parse reports any fault)."""
    end = raw.find(b"\n", 0, 1 << 16)
    try:
        first = _decode(raw[:end] if end >= 0 else raw[: 1 << 16]).strip()
        names = _header(first, _delimiter(first)) if first else None
    except UploadError:
        return None
    return tuple(names) if names and len(names) <= MAX_COLUMNS else None


def _decode(raw: bytes) -> str:
    """UTF-8 text (a byte-order mark dropped), or UploadError naming the line of the first bad byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadError("utf16")
    head = raw[:64].lstrip()
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return _binary(raw, raw.index(magic[:1]), kind)
    if b"\x00" in raw:
        return _binary(raw, raw.index(b"\x00"), "binary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start:error.start].decode("utf-8", "replace")) + 1
        raise UploadError("encoding", line=line, column=column, byte=raw[error.start]) from None
    if len(raw.translate(None, _CONTROL)) != len(raw):  # UTF-8 keeps ASCII bytes as they are
        return _binary(raw, re.search(b"[%s]" % re.escape(_CONTROL), raw).start(), "binary")
    return text


def _binary(raw: bytes, offset: int, kind: str):
    raise UploadError("binary", line=raw.count(b"\n", 0, offset) + 1, byte=offset + 1, kind=BINARY_KINDS[kind],
                      kind_code=kind)


_SNIFFER = csv.Sniffer()
_SNIFFER.preferred = [",", ";", "\t"]  # on one line, the first of these it holds wins


def _delimiter(line: str) -> str:
    """Comma, as the course's files; a semicolon or tab only when the first line has no comma (European Excel)."""
    # The header stays our own rule (_header): Sniffer.has_header needs data rows, and header_names has one line.
    try:
        return _SNIFFER.sniff(line, delimiters=",;\t").delimiter
    except csv.Error:  # none of the three: one column, which parse_csv reports
        return ","


def _header(line: str, delimiter: str) -> list[str] | None:
    """The column names when no cell of the first line is a number; None when it is a data row."""
    cells = [cell.strip().strip('"').strip() for cell in line.split(delimiter)]
    if any(_number(cell) is not None for cell in cells if cell):
        return None  # a data row (a bad cell in it is reported by the numeric check)
    for i, name in enumerate(cells):
        if not name:
            raise UploadError("header_empty", column=i + 1)
        if name in cells[:i]:
            raise UploadError("header_duplicate", column=i + 1, name=name)
    return cells


def _label_index(label, columns: tuple[str, ...], has_header: bool) -> int:
    if label is None:
        return len(columns) - 1
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        if not 0 <= label < len(columns):
            raise UploadError("no_such_label", label=str(label), names=", ".join(columns))
        return int(label)
    if label not in columns:
        raise UploadError("no_such_label", label=str(label), names=", ".join(columns))
    return columns.index(label)


def _column_name(index: int, columns, header) -> str:
    """'3' without a header, '3 (glucose)' with one, so the learner finds it either way."""
    return f"{index + 1} ({columns[index]})" if header else str(index + 1)


def _cell(line: str, delimiter: str, index: int) -> str:
    return line.split(delimiter)[index].strip()


def _plain_lines(text: str) -> bytes:
    """The bytes pandas reads: "\n" line ends, blank lines empty, a final "\n".

    Line numbers stay as an editor counts them (\r\n and a lone \r are one line end each). Lines of white
    space are emptied because pandas skips only some of them (not "\t" in a tab-separated file).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BLANK_LINE.sub("\n", "\n" + text + "\n")[1:].encode()  # "\n"s around: the first and last line match


def _rows(data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The non-empty lines of _plain_lines' bytes: 1-based line numbers, first byte, and "\n" ending each."""
    newline = np.frombuffer(data, np.uint8) == ord("\n")
    row_end = newline[1:] & ~newline[:-1]
    if np.count_nonzero(row_end) > MAX_ROWS + 1:  # counted before any per-row array: millions of tiny rows
        raise UploadError("too_many_rows", limit=MAX_ROWS)
    ends = np.flatnonzero(row_end) + 1
    starts = np.flatnonzero(~newline[1:] & newline[:-1]) + 1
    if not newline[0]:
        starts = np.concatenate(([0], starts))
    # Only "\n"s lie between one row's end and the next row's start (blank lines are empty).
    lines = np.cumsum(starts - np.concatenate(([-1], ends))[:-1])
    return lines, starts, ends


def _cell_counts(data: bytes, delimiter: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many cells each row has (delimiters + 1; quotes are not special, as for pandas here)."""
    at = np.flatnonzero(np.frombuffer(data, np.uint8) == ord(delimiter))
    return np.searchsorted(at, ends) - np.searchsorted(at, starts) + 1


def _numbers(body: bytes, delimiter: str, rows: int) -> np.ndarray:
    """All cells as float64 (rows, columns) by pandas' C parser; NaN where a cell holds no number."""
    import pandas as pd  # here, not at the top: core's CLI never parses an upload and starts faster without it

    # low_memory=False: one type per column for the whole file (chunks would warn about mixed types).
    frame = pd.read_csv(io.BytesIO(body), sep=delimiter, header=None, quoting=csv.QUOTE_NONE, encoding="utf-8",
                        low_memory=False)
    assert len(frame) == rows, f"pandas read {len(frame)} rows where the file has {rows}"
    values = np.empty(frame.shape)
    for j, (_, column) in enumerate(frame.items()):
        if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
            # Words, "True", quoted numbers, forms only Python reads ("1_000", full-width "１"): a cell counts
            # as a number when Python's float() reads it; the others become NaN.
            text = column.astype(str).str.strip().str.strip('"')
            numbers = pd.to_numeric(text, errors="coerce").to_numpy(np.float64, copy=True)
            missed = np.flatnonzero(np.isnan(numbers) & text.notna().to_numpy())
            numbers[missed] = [_number(cell, math.nan) for cell in text.iloc[missed]]
            column = numbers
        values[:, j] = column
    return values


def _check_cells(values: np.ndarray, line, lines: np.ndarray, delimiter: str) -> None:
    """The first cell (in file order) that is not a finite float32: named by line, column and why."""
    with np.errstate(over="ignore"):
        bad = ~np.isfinite(values.astype(np.float32))
    if not bad.any():
        return
    row, column = (int(i) for i in np.argwhere(bad)[0])
    where = dict(line=int(lines[row]), column=column + 1)
    cell = _cell(line(row), delimiter, column)
    if not cell:
        raise UploadError("empty_cell", **where)
    number = _number(cell.strip('"'))
    code = "not_number" if number is None else "not_finite" if not math.isfinite(number) else "too_large"
    raise UploadError(code, cell=_short(cell), **where)


def _number(cell: str, otherwise=None) -> float | None:
    """float(cell), or `otherwise` when Python cannot read it as a number."""
    try:
        return float(cell)
    except ValueError:
        return otherwise


def _short(cell: str, limit: int = 40) -> str:
    return cell if len(cell) <= limit else cell[:limit] + "…"


def to_csv_bytes(table: Table, header: bool = False) -> bytes:
    """The parsed table as a clean CSV, features then the 0/1 label, in the course's layout (header optional)."""
    out = io.StringIO()
    if header:
        out.write(",".join(_csv_name(name) for name in (*table.feature_names, table.label_name)) + "\n")
    data = np.column_stack([table.x.astype(np.float64), table.y.astype(np.int64)])
    # %.9g round-trips every float32 exactly; the label is written as 0/1.
    np.savetxt(out, data, delimiter=",", fmt=["%.9g"] * table.x.shape[1] + ["%d"])
    return out.getvalue().encode("utf-8")


def _csv_name(name: str) -> str:
    return f'"{name}"' if any(c in name for c in ',"\n') else name


# ---------------------------------------------------------------- registry

_REGISTRY: "weakref.WeakValueDictionary[str, Table]" = weakref.WeakValueDictionary()
_LOCK = threading.Lock()


def register(table: Table) -> Table:
    """Make `table` findable by its id while something (a learner's session) holds it; the same id gives one table."""
    assert isinstance(table, Table), f"register takes a Table, got {type(table).__name__}"
    with _LOCK:
        return _REGISTRY.setdefault(table.id, table)


def get_table(data_id: str) -> Table:
    """The registered table for an id from RunConfig.data; a clear ValueError when it is gone."""
    with _LOCK:
        table = _REGISTRY.get(data_id)
    if table is None:
        raise ValueError(f"the uploaded table {data_id} is no longer in memory (the session that uploaded it "
                         "ended or the server restarted); upload the file again")
    return table


def check_id(data_id: str) -> bool:
    """True for "" (the chapter's own table) or a well-formed upload id."""
    return isinstance(data_id, str) and (data_id == "" or ID_PATTERN.fullmatch(data_id) is not None)


def describe_limits() -> dict:
    """The limits as numbers, for the page to state."""
    return dict(megabytes=MAX_BYTES // 2**20, rows=MAX_ROWS, columns=MAX_COLUMNS, min_rows=MIN_ROWS)

