"""Regenerate data/diabetes.csv.gz and data/titanic.csv from Debian's R data packages.

Generation time only (the app reads the committed files and needs neither R nor rdata):

    apt-get update && apt-get install -y r-cran-mlbench r-cran-vcdextra r-cran-cardata
    python3 -m venv /tmp/make-tables && /tmp/make-tables/bin/pip install rdata
    /tmp/make-tables/bin/python data/make_tables.py            # rewrite both files
    /tmp/make-tables/bin/python data/make_tables.py --check    # fail if they would change

The output is byte-for-byte reproducible (fixed number formatting, gzip mtime 0).
"""

import argparse
import csv
import gzip
import io
import math
import sys
import warnings
import zlib
from pathlib import Path

R_LIBRARY = Path("/usr/lib/R/site-library")
HERE = Path(__file__).resolve().parent

DIABETES_COLUMNS = ("pregnant", "glucose", "pressure", "triceps", "insulin", "mass", "pedigree", "age")
TITANIC_HEADER = ("name", "pclass", "survived", "sex", "age", "sibsp", "parch")


def _rdata():
    try:
        import rdata
    except ImportError:
        sys.exit("make_tables.py needs the PyPI package 'rdata' (see the docstring for a throwaway venv)")
    # rdata warns that these old files declare no encoding/file type; both are plain ASCII RDS.
    warnings.filterwarnings("ignore", message="Unknown (encoding|file type)")
    return rdata


def read_rda(path, name):
    """One object from an .rda file (mlbench ships its data this way)."""
    rdata = _rdata()
    return rdata.conversion.convert(rdata.parser.parse_file(path))[name]


def read_lazyload(data_dir, name):
    """One object from an R lazy-load database (Rdata.rdx index + Rdata.rdb blobs)."""
    rdata = _rdata()
    index = rdata.conversion.convert(rdata.parser.parse_data(gzip.open(data_dir / "Rdata.rdx").read()))
    # compressed == 1 means zlib; 2 (bzip2) and 3 (xz) carry a type byte we do not handle.
    assert list(index["compressed"]) in ([1], [True]), f"unexpected lazy-load compression in {data_dir}"
    offset, length = (int(v) for v in index["variables"][name])
    with open(data_dir / "Rdata.rdb", "rb") as f:
        f.seek(offset)
        blob = f.read(length)
    # Each blob is a 4-byte big-endian uncompressed length followed by a zlib stream.
    return rdata.conversion.convert(rdata.parser.parse_data(zlib.decompress(blob[4:])))


def number(value):
    """Shortest text that reads back as the same float64 (148 not 148.0)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def diabetes_bytes():
    """PimaIndiansDiabetes in the course layout: no header, 8 raw features, label pos=1 last."""
    frame = read_rda(R_LIBRARY / "mlbench/data/PimaIndiansDiabetes.rda", "PimaIndiansDiabetes")
    assert tuple(frame.columns) == DIABETES_COLUMNS + ("diabetes",), frame.columns
    labels = frame["diabetes"].astype(str)
    assert set(labels) == {"neg", "pos"} and len(frame) == 768
    lines = []
    for values, label in zip(frame[list(DIABETES_COLUMNS)].to_numpy(), labels):
        lines.append(",".join([number(v) for v in values] + ["1" if label == "pos" else "0"]))
    assert sum(line.endswith(",1") for line in lines) == 268
    text = "\n".join(lines) + "\n"
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(text.encode("ascii"))
    return out.getvalue()


def titanic_names(passengers):
    """Names from carData::TitanicSurvival, or None when its rows do not line up with Titanicp."""
    named = read_lazyload(R_LIBRARY / "carData/data", "TitanicSurvival")
    if len(named) != len(passengers):
        return None
    same = (
        (named["passengerClass"].astype(str).to_numpy() == passengers["pclass"].astype(str).to_numpy()).all()
        and ((named["survived"].astype(str) == "yes").to_numpy()
             == (passengers["survived"].astype(str) == "survived").to_numpy()).all()
        and (named["sex"].astype(str).to_numpy() == passengers["sex"].astype(str).to_numpy()).all()
        and all(
            (math.isnan(a) and math.isnan(b)) or a == b
            for a, b in zip(named["age"].to_numpy(), passengers["age"].to_numpy())
        )
    )
    names = [str(n) for n in named.index]
    # Row names are unique in R, so a match on every shared column row by row means the same order.
    return names if same and len(set(names)) == len(names) else None


def titanic_bytes():
    """vcdExtra::Titanicp with names from carData::TitanicSurvival, age empty when missing."""
    passengers = read_lazyload(R_LIBRARY / "vcdExtra/data", "Titanicp")
    assert len(passengers) == 1309
    names = titanic_names(passengers)
    if names is None:
        print("warning: TitanicSurvival rows do not match Titanicp; names left empty", file=sys.stderr)
        names = [""] * len(passengers)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TITANIC_HEADER)
    missing_age = survivors = 0
    for name, row in zip(names, passengers.itertuples(index=False)):
        age = float(row.age)
        missing_age += math.isnan(age)
        survivors += str(row.survived) == "survived"
        writer.writerow([
            name,
            {"1st": 1, "2nd": 2, "3rd": 3}[str(row.pclass)],
            int(str(row.survived) == "survived"),
            str(row.sex),
            "" if math.isnan(age) else f"{age:.4f}".rstrip("0").rstrip("."),  # ages like 0.9167 (months)
            int(row.sibsp),
            int(row.parch),
        ])
    assert missing_age == 263 and survivors == 500, (missing_age, survivors)
    return out.getvalue().encode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: this folder)")
    args = parser.parse_args()
    outputs = {"diabetes.csv.gz": diabetes_bytes(), "titanic.csv": titanic_bytes()}
    stale = []
    for filename, content in outputs.items():
        target = args.out / filename
        if args.check:
            if not target.exists() or target.read_bytes() != content:
                stale.append(filename)
        else:
            target.write_bytes(content)
            print(f"wrote {target} ({len(content)} bytes)")
    if stale:
        sys.exit(f"out of date: {', '.join(stale)} (run data/make_tables.py without --check)")


if __name__ == "__main__":
    main()
