#!/usr/bin/env python3
"""Predict every flower of a CSV file with the iris predictor's JSON API.

    IRIS_TOKEN=... python examples/predict_csv.py flowers.csv predictions.csv --url http://127.0.0.1:8000

The input is a CSV file whose header names the four features in any order (sepal_length,
sepal_width, petal_length, petal_width), like the files the upload page takes. The rows go to
`POST /api/v1/predict` in batches of at most 1000, and the output has the columns of the upload
page's download: line (in the input file), the four features, label, one probability per
class, the features outside the training range, and the stored prediction's id.

It needs Python 3.11+ and `requests`, nothing from this repository, so it can be copied
anywhere. Either app answers: Django (port 8000) or Flask (port 5000).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

import requests

FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
CLASSES = ("setosa", "versicolor", "virginica")
COLUMNS = (
    "line",
    *FEATURES,
    "label",
    *(f"probability_{name}" for name in CLASSES),
    "warnings",
    "prediction_id",
)
MAX_CHUNK = 1000  # the API's largest batch
# A spreadsheet runs a cell starting with one of these as a formula: such cells get a "'".
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TIMEOUT = 60


class ClientError(Exception):
    """Something the user must fix; the message says what."""


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(line in the file, instance) for each non-blank row; the header is line 1."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            header = next(reader, None)
            if header is None:
                raise ClientError(f"{path} is empty.")
            columns = [name.strip() for name in header]
            missing = [name for name in FEATURES if name not in columns]
            if missing:
                raise ClientError(f"{path}: the header lacks {', '.join(missing)}.")
            rows = []
            while True:
                line = reader.line_num + 1
                cells = next(reader, None)
                if cells is None:
                    return rows
                if any(cell.strip() for cell in cells):
                    rows.append((line, instance(dict(zip(columns, cells, strict=False)))))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ClientError(f"Cannot read {path}: {error}") from error


def instance(row: dict) -> dict:
    """The API's instance for a row: numbers where the cells hold numbers; anything else is
    sent as it is, so that the API's answer names the bad value."""
    features = {}
    for name in FEATURES:
        text = (row.get(name) or "").strip()
        if not text:
            continue  # the API answers "This field is required."
        try:
            features[name] = float(text)
        except ValueError:
            features[name] = text
    return features


def predict(session: requests.Session, url: str, chunk: list[tuple[int, dict]]) -> list[dict]:
    try:
        response = session.post(
            f"{url}/api/v1/predict",
            json={"instances": [features for _, features in chunk]},
            timeout=TIMEOUT,
        )
    except requests.RequestException as error:
        raise ClientError(f"Cannot reach {url}: {error}") from error
    if response.status_code == 200:
        return response.json()["predictions"]
    try:
        body = response.json()
    except ValueError:
        raise ClientError(f"{url} answered {response.status_code}, not the API.") from None
    if response.status_code == 401:
        raise ClientError(
            f"The API refused the token (401 {body.get('error')}): set IRIS_TOKEN to a token "
            f"from {url}/accounts/token/."
        )
    if body.get("error") == "validation_error":
        raise ClientError("\n".join(bad_rows(body.get("details", {}), chunk)))
    raise ClientError(f"The API answered {response.status_code}: {body.get('message')}")


def bad_rows(details: dict, chunk: list[tuple[int, dict]]) -> list[str]:
    """The API's messages for `instances.N.field`, with N made the row's line in the file."""
    problems = []
    for path, message in details.items():
        parts = path.split(".")
        if len(parts) >= 2 and parts[0] == "instances" and parts[1].isdigit():
            line = chunk[int(parts[1])][0]
            field = parts[2] if len(parts) > 2 else "row"
            problems.append(f"Line {line}, {field}: {message}")
        else:
            problems.append(f"{path}: {message}")
    return problems


def escape(cell):
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES) else cell


def result_row(line: int, features: dict, prediction: dict) -> list:
    return [
        line,
        *(features[name] for name in FEATURES),
        prediction["label"],
        *(prediction["probabilities"][name] for name in CLASSES),
        ";".join(warning["feature"] for warning in prediction["warnings"]),
        prediction["id"],
    ]


def write_rows(path: Path, rows: list[list]) -> None:
    """Write the whole file or nothing: a temporary file, renamed once complete."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent or ".", delete=False, suffix=".tmp"
    ) as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        writer.writerows([escape(cell) for cell in row] for row in rows)
    os.replace(file.name, path)


def run(input_path: Path, output_path: Path, url: str, token: str, chunk_size: int) -> int:
    rows = read_rows(input_path)
    if not rows:
        raise ClientError(f"{input_path} has no data rows.")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    results = []
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start : start + chunk_size]
        try:
            predictions = predict(session, url, chunk)
        except ClientError as error:
            if start:
                raise ClientError(
                    f"{error}\nThe first {start} rows were predicted and stored; "
                    f"nothing was written to {output_path}."
                ) from None
            raise
        results.extend(
            result_row(line, features, prediction)
            for (line, features), prediction in zip(chunk, predictions, strict=True)
        )
    write_rows(output_path, results)
    return len(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Predict every flower of a CSV file with the iris predictor's API.",
        epilog="The API token is read from the IRIS_TOKEN environment variable.",
    )
    parser.add_argument("input", type=Path, help="CSV file with the four feature columns")
    parser.add_argument("output", type=Path, help="CSV file to write the predictions to")
    parser.add_argument("--url", required=True, help="the site, e.g. http://127.0.0.1:8000")
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=MAX_CHUNK,
        choices=range(1, MAX_CHUNK + 1),
        metavar=f"1..{MAX_CHUNK}",
        help=f"rows a request (default and most: {MAX_CHUNK})",
    )
    args = parser.parse_args(argv)
    token = os.environ.get("IRIS_TOKEN", "").strip()
    if not token:
        parser.error("set IRIS_TOKEN to an API token (make one on the site's API token page)")
    try:
        count = run(args.input, args.output, args.url.rstrip("/"), token, args.chunk_size)
    except ClientError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{count} rows predicted; wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
