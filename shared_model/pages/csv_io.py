"""CSV in and out, the same in both apps: reading an uploaded file of flowers, the sample
file, the results file and the cell escaping every CSV export uses.

The apps only receive the file (Django's `request.FILES`, Flask's `request.files`), hand
its bytes to `read_upload`, store the rows it returns and answer. Every message a person
sees about a bad file is worded here, once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from shared_model.api.wire import MAX_BODY_BYTES
from shared_model.model.schema import CLASSES, FEATURE_NAMES, FEATURES, MAX_BATCH_SIZE
from shared_model.model.validation import parse_form_number

MAX_UPLOAD_BYTES = MAX_BODY_BYTES  # 1 MiB, as for an API body
MAX_UPLOAD_ROWS = MAX_BATCH_SIZE
MAX_LISTED_PROBLEMS = 20
UPLOAD_NAME_MAX_LENGTH = 100
UPLOAD_ACCEPT = ".csv,text/csv"

NO_FILE = "Choose a CSV file to upload."
EMPTY = "The file is empty."
TOO_BIG = "The file is larger than 1 MiB."
NOT_UTF8 = "The file is not UTF-8 text. Save it as CSV (UTF-8) and try again."
NOT_CSV = "The file is not a CSV file: {reason}."
NO_ROWS = "The file has a header row but no data rows."
TOO_MANY_ROWS = f"The file holds {{count}} data rows; at most {MAX_UPLOAD_ROWS} are allowed."
HEADER_HELP = (
    f"The header row must name exactly these columns, in any order: {', '.join(FEATURE_NAMES)}"
)

# Results: the upload's download and the example client write these columns, in this order.
RESULT_COLUMNS: tuple[str, ...] = (
    "line",
    *FEATURE_NAMES,
    "label",
    *(f"probability_{name}" for name in CLASSES),
    "warnings",
    "prediction_id",
)

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Ten flowers of scikit-learn's iris data (rows 0-3, 50-52 and 100-102), in the schema's order.
SAMPLE_FLOWERS: tuple[tuple[float, float, float, float], ...] = (
    (5.1, 3.5, 1.4, 0.2),
    (4.9, 3.0, 1.4, 0.2),
    (4.7, 3.2, 1.3, 0.2),
    (4.6, 3.1, 1.5, 0.2),
    (7.0, 3.2, 4.7, 1.4),
    (6.4, 3.2, 4.5, 1.5),
    (6.9, 3.1, 4.9, 1.5),
    (6.3, 3.3, 6.0, 2.5),
    (5.8, 2.7, 5.1, 1.9),
    (7.1, 3.0, 5.9, 2.1),
)


class UploadError(Exception):
    """A file refused as a whole; `problems` are the sentences to show, in order."""

    def __init__(self, problems: Sequence[str]):
        super().__init__(" ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class UploadRow:
    """One data row: its line in the file (the header is line 1) and its clean features."""

    line: int
    features: dict[str, float]


def read_upload(data: bytes) -> list[UploadRow]:
    """Read and check an uploaded CSV, all or nothing; raise UploadError for a bad file.

    Pass at most MAX_UPLOAD_BYTES + 1 bytes: anything longer is refused unread.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError([TOO_BIG])
    try:
        # utf-8-sig: a BOM, as spreadsheets write, is dropped; without one it is plain UTF-8.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError([NOT_UTF8]) from None
    if not text.strip():
        raise UploadError([EMPTY])
    if "\x00" in text:
        raise UploadError([NOT_CSV.format(reason="it holds binary data")])
    # newline="" keeps quoted line breaks inside their cell, as the csv module asks.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = _records(reader)
        _, header = next(records, (0, None))
        columns = _check_header(header)
        problems: list[str] = []
        rows: list[UploadRow] = []
        count = 0
        for line, cells in records:
            count += 1
            row_problems = _row_problems(line, cells, columns)
            if row_problems:
                problems.extend(row_problems)
            else:
                rows.append(_row(line, cells, columns))
    except csv.Error as error:
        raise UploadError([NOT_CSV.format(reason=f"line {reader.line_num}: {error}")]) from None
    if count == 0:
        raise UploadError([NO_ROWS])
    if count > MAX_UPLOAD_ROWS:
        raise UploadError([TOO_MANY_ROWS.format(count=count)])
    if problems:
        raise UploadError(_listed(problems))
    return rows


def _records(reader) -> Iterable[tuple[int, list[str]]]:
    """(first line, cells) of each record that is not blank; blank lines still count."""
    while True:
        first_line = reader.line_num + 1
        cells = next(reader, None)
        if cells is None:
            return
        if any(cell.strip() for cell in cells):
            yield first_line, cells


def _check_header(header: list[str] | None) -> list[str]:
    if header is None:
        raise UploadError([EMPTY])
    columns = [cell.strip() for cell in header]
    missing = [name for name in FEATURE_NAMES if name not in columns]
    unknown = [name for name in columns if name not in FEATURE_NAMES]
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    parts = []
    if missing:
        parts.append(f"missing {_names(missing)}")
    if unknown:
        parts.append(f"unknown {_names(unknown)}")
    if repeated:
        parts.append(f"repeated {_names(repeated)}")
    if parts:
        raise UploadError([f"{HEADER_HELP}; {'; '.join(parts)}."])
    return columns


def _names(names: list[str]) -> str:
    word = "column" if len(names) == 1 else "columns"
    return f"{word} " + ", ".join(repr(name) if name else "(empty)" for name in names)


def _row_problems(line: int, cells: list[str], columns: list[str]) -> list[str]:
    """What is wrong with one data row, each problem with its line and column."""
    if len(cells) != len(columns):
        return [f"Line {line}: expected {len(columns)} values, found {len(cells)}."]
    by_name = dict(zip(columns, cells, strict=True))
    problems = []
    for feature in FEATURES:
        _, error = parse_form_number(feature, by_name[feature.name])
        if error:
            problems.append(f"Line {line}, {feature.name}: {error}")
    return problems


def _row(line: int, cells: list[str], columns: list[str]) -> UploadRow:
    """A row `_row_problems` found nothing wrong with, as clean floats in the schema's order."""
    by_name = dict(zip(columns, cells, strict=True))
    features = {f.name: parse_form_number(f, by_name[f.name])[0] for f in FEATURES}
    return UploadRow(line, features)


def _listed(problems: list[str]) -> list[str]:
    """At most MAX_LISTED_PROBLEMS problems, then how many more there are."""
    shown = problems[:MAX_LISTED_PROBLEMS]
    hidden = len(problems) - len(shown)
    return [*shown, f"... and {hidden} more."] if hidden else shown


def upload_name(raw: str | None) -> str:
    """The name an upload is stored under: the file's own name, without any folder, cut to
    UPLOAD_NAME_MAX_LENGTH characters."""
    name = re.split(r"[/\\]", raw or "")[-1].strip()
    return (name or "upload.csv")[:UPLOAD_NAME_MAX_LENGTH]


def download_filename(name: str) -> str:
    """`<stem>-predictions.csv` for an upload's results: the stem is its name without
    `.csv`, every character but ASCII letters, digits, `-`, `_` and `.` made `_`."""
    stem = name[:-4] if name.lower().endswith(".csv") else name
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", stem) or "upload"
    return f"{stem}-predictions.csv"


def escape_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV file (no BOM, `\\r\\n` line ends as RFC 4180 says), every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([escape_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def result_row(
    *,
    line: int,
    features: dict[str, float],
    label: str,
    probabilities: dict[str, float],
    warnings: list[dict],
    prediction_id: int,
) -> list[Any]:
    """One row of RESULT_COLUMNS for a stored prediction."""
    return [
        line,
        *(features[name] for name in FEATURE_NAMES),
        label,
        *(probabilities[name] for name in CLASSES),
        ";".join(warning["feature"] for warning in warnings),
        prediction_id,
    ]


def sample_csv() -> str:
    """The sample file offered on the upload page: the header and ten iris flowers."""
    return csv_text(FEATURE_NAMES, SAMPLE_FLOWERS)
