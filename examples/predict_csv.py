#!/usr/bin/env python3
"""Predict every flower of a CSV file with the iris predictor's JSON API.

    IRIS_TOKEN=... python examples/predict_csv.py flowers.csv predictions.csv --url http://127.0.0.1:8000

The input is a CSV file whose header names the four features in any order (sepal_length,
sepal_width, petal_length, petal_width), like the files the upload page takes. The rows go to
`POST /api/v1/predict` in batches of at most 1000, and the output has the columns of the upload
page's download: line (in the input file), the four features, label, one probability per
class, the features outside the training range, and the stored prediction's id.

Files of any size: it reads a chunk, sends it, writes its rows and moves on, so its memory
stays the same whatever the file holds. `--workers N` sends N chunks at once; the output
keeps the input's order. Progress goes to stderr: a live line on a terminal, one summary
line otherwise.

Retries store nothing twice: each chunk goes with an `Idempotency-Key` made from its content
(the header, its lines and their cells), so when a chunk is sent again after a dropped
connection, a timeout or a 503, the API answers with what it stored the first time. Such a
chunk is retried a few times, with exponential backoff and jitter. If the run stops anyway,
the output holds every row finished so far, in order, and the error ends with the command
that finishes the run: the same one with `--resume`, which reads the output and sends only
what is missing. The server keeps keys for 24 hours: within that time the same file sent
again is answered from what was stored, not stored anew.

It needs Python 3.11+ and `requests`, nothing from this repository, so it can be copied
anywhere. Any of the apps answers: Django (port 8000), Flask (port 5000) or FastAPI (port 8001).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import shlex
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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
CONNECT_TIMEOUT = 10
TIMEOUT = 60
RETRIES = 5
# Answers worth another try: the key is still in use by the first try (409), the proxy
# found no server (502, 504), the service is down for a moment (503).
RETRY_STATUSES = {409, 502, 503, 504}
BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 30
PROGRESS_EVERY_SECONDS = 0.2


class ClientError(Exception):
    """Something the user must fix, or wait for; the message says what."""


@dataclass(frozen=True)
class Chunk:
    """Rows sent in one request: (line in the file, instance) each, the request's body, and
    its key, the same whenever the same rows of the same file are sent."""

    rows: list[tuple[int, dict]]
    body: bytes
    key: str


def instance(cells: list[str], places: dict[str, int]) -> dict:
    """The API's instance for a row, `places` giving each feature's column: numbers where
    the cells hold numbers; anything else is sent as it is, so that the API's answer names
    the bad value."""
    features = {}
    for name, place in places.items():
        text = cells[place].strip() if place < len(cells) else ""
        if not text:
            continue  # the API answers "This field is required."
        try:
            features[name] = float(text)
        except ValueError:
            features[name] = text
    return features


def read_rows(path: Path) -> Iterator[tuple[list[str], int, list[str]]]:
    """(header, line, cells) for each non-blank data row, read as it goes; line 1 is the
    header. Raises ClientError for a file it cannot read or a header without the features."""
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
            while True:
                line = reader.line_num + 1
                cells = next(reader, None)
                if cells is None:
                    return
                if any(cell.strip() for cell in cells):
                    yield columns, line, cells
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ClientError(f"Cannot read {path}: {error}") from error


def make_chunk(columns: list[str], rows: list[tuple[int, list[str]]]) -> Chunk:
    # A column named twice: the last one counts, as in a dict made from the header.
    places = {name: place for place, name in enumerate(columns) if name in FEATURES}
    instances = [(line, instance(cells, places)) for line, cells in rows]
    body = json.dumps({"instances": [features for _, features in instances]}).encode()
    identity = json.dumps([columns, rows]).encode()
    return Chunk(instances, body, "predict_csv-" + hashlib.sha256(identity).hexdigest())


def read_chunks(path: Path, size: int, skip: int = 0) -> Iterator[Chunk]:
    """The file's data rows in chunks of `size`, the first `skip` rows left out (a multiple
    of `size`, so that every chunk, and so its key, is the one a full run sends)."""
    rows: list[tuple[int, list[str]]] = []
    columns: list[str] = []
    for count, (columns, line, cells) in enumerate(read_rows(path)):
        if count < skip:
            continue
        rows.append((line, cells))
        if len(rows) == size:
            yield make_chunk(columns, rows)
            rows = []
    if rows:
        yield make_chunk(columns, rows)


def count_rows(path: Path) -> int:
    """About how many data rows the file holds (its non-blank lines but the header): read
    as bytes, for the progress line only."""
    with path.open("rb") as file:
        return max(sum(1 for line in file if line.strip()) - 1, 0)


def escape(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def result_row(line: int, features: dict, prediction: dict) -> list:
    """The output's row; its text cells escaped (the others are numbers: the API takes
    nothing else as a feature)."""
    return [
        line,
        *(features[name] for name in FEATURES),
        escape(prediction["label"]),
        *(prediction["probabilities"][name] for name in CLASSES),
        escape(";".join(warning["feature"] for warning in prediction["warnings"])),
        prediction["id"],
    ]


class Output:
    """The output file, written a chunk at a time and flushed after each: whatever stops
    the run, it holds a header and whole rows, in the input's order.

    It is created when the first chunk is done, so a run that stores nothing leaves none.
    """

    def __init__(self, path: Path):
        self.path = path
        self.file: io.TextIOWrapper | None = None

    def resume(self, input_path: Path, chunk_size: int) -> int:
        """Keep the rows of whole chunks already written from `input_path`; returns how many.

        A chunk only partly written (the run was killed while writing it) is cut off: it is
        sent again whole, with its key, and the API answers with what it stored.
        """
        if not self.path.exists():
            return 0
        try:
            kept_bytes, written = self.whole_chunks(input_path, chunk_size)
            if kept_bytes:
                self.file = self.path.open("r+", encoding="utf-8", newline="")
                self.file.truncate(kept_bytes)
                self.file.seek(kept_bytes)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise ClientError(f"Cannot resume from {self.path}: {error}") from error
        return written - written % chunk_size

    def whole_chunks(self, input_path: Path, chunk_size: int) -> tuple[int, int]:
        """(bytes of the header and the whole chunks, rows written), the rows checked
        against the input's lines."""
        lines = iter(read_rows(input_path))
        kept_bytes, written = 0, 0
        with self.path.open("rb") as file:
            for number, raw in enumerate(file):
                if not raw.endswith(b"\n"):
                    break  # a row cut short
                row = next(csv.reader([raw.decode("utf-8")]))
                if number == 0:
                    if tuple(row) != COLUMNS:
                        raise ClientError(f"{self.path} is not an output of this script.")
                else:
                    expected = next(lines, None)
                    if len(row) != len(COLUMNS) or expected is None or str(expected[1]) != row[0]:
                        raise ClientError(f"{self.path} was not written from {input_path}.")
                    written += 1
                if written % chunk_size == 0:
                    kept_bytes = file.tell()
        return kept_bytes, written

    def write(self, chunk: Chunk, predictions: list[dict]) -> None:
        if self.file is None:
            self.file = self.path.open("w", encoding="utf-8", newline="")
            csv.writer(self.file).writerow(COLUMNS)
        text = io.StringIO()
        csv.writer(text).writerows(
            result_row(line, features, prediction)
            for (line, features), prediction in zip(chunk.rows, predictions, strict=True)
        )
        # One write a chunk: a run killed meanwhile leaves at most one row cut short.
        self.file.write(text.getvalue())
        self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class Sender:
    """Sends chunks from worker threads, each with a session of its own, retrying what is
    worth retrying until `stop` is set."""

    def __init__(self, url: str, token: str, retries: int):
        self.url = url
        self.token = token
        self.retries = retries
        self.stop = threading.Event()
        self.retried = 0
        self.lock = threading.Lock()
        self.local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
            self.local.session.headers["Authorization"] = f"Bearer {self.token}"
        return self.local.session

    def send(self, chunk: Chunk) -> list[dict]:
        headers = {"Content-Type": "application/json", "Idempotency-Key": chunk.key}
        attempt = 0
        while True:
            try:
                response = self.session().post(
                    f"{self.url}/api/v1/predict",
                    data=chunk.body,
                    headers=headers,
                    timeout=(CONNECT_TIMEOUT, TIMEOUT),
                )
            except (requests.ConnectionError, requests.Timeout) as error:
                problem = f"Cannot reach {self.url}: {error}"
            except requests.exceptions.ChunkedEncodingError as error:
                problem = f"The connection to {self.url} broke: {error}"
            except requests.RequestException as error:  # a bad URL, say: no retry helps
                raise ClientError(f"Cannot send to {self.url}: {error}") from None
            else:
                if response.status_code not in RETRY_STATUSES:
                    return self.answer(response, chunk)
                problem = f"{self.url} answered {response.status_code}"
            if attempt == self.retries:
                raise ClientError(f"{problem} (tried {attempt + 1} times)")
            with self.lock:
                self.retried += 1
            # Full jitter: retries of several workers (or clients) do not come back together.
            delay = random.uniform(0, min(MAX_BACKOFF_SECONDS, BACKOFF_SECONDS * 2**attempt))
            if self.stop.wait(delay):
                raise ClientError(problem)
            attempt += 1

    def answer(self, response: requests.Response, chunk: Chunk) -> list[dict]:
        try:
            body = response.json()
        except ValueError:
            raise ClientError(f"{self.url} answered {response.status_code}, not the API.") from None
        if response.status_code == 200:
            return body["predictions"]
        if response.status_code == 401:
            raise ClientError(
                f"The API refused the token (401 {body.get('error')}): set IRIS_TOKEN to a "
                f"token from {self.url}/accounts/token/."
            )
        if body.get("error") == "validation_error":
            raise ClientError("\n".join(bad_rows(body.get("details", {}), chunk)))
        raise ClientError(f"The API answered {response.status_code}: {body.get('message')}")


def bad_rows(details: dict, chunk: Chunk) -> list[str]:
    """The API's messages for `instances.N.field`, with N made the row's line in the file."""
    problems = []
    for path, message in details.items():
        parts = path.split(".")
        if len(parts) >= 2 and parts[0] == "instances" and parts[1].isdigit():
            line = chunk.rows[int(parts[1])][0]
            field = parts[2] if len(parts) > 2 else "row"
            problems.append(f"Line {line}, {field}: {message}")
        else:
            problems.append(f"{path}: {message}")
    return problems


def predict_in_order(
    chunks: Iterator[Chunk], sender: Sender, workers: int
) -> Iterator[tuple[Chunk, list[dict]]]:
    """(chunk, its predictions) in the input's order, `workers` requests at a time.

    At most two chunks a worker are read ahead, so memory does not grow with the file. When
    a chunk fails, the chunks after it are dropped (a resumed run sends them again).
    """
    pool = ThreadPoolExecutor(workers, thread_name_prefix="predict")
    pending: deque[tuple[Chunk, Future]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(sender.send, chunk)))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        sender.stop.set()
        pool.shutdown(wait=True, cancel_futures=True)


class Progress:
    """Rows done, rows per second and time left, redrawn on a terminal; nothing until the
    summary otherwise."""

    def __init__(self, total: int | None):
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.drawn = 0.0

    def update(self, rows: int) -> None:
        self.done += rows
        now = time.monotonic()
        if self.total is None or now - self.drawn < PROGRESS_EVERY_SECONDS:
            return
        self.drawn = now
        rate = self.done / max(now - self.started, 1e-9)
        left = max(self.total - self.done, 0) / rate if rate else 0
        line = f"{self.done:,}/{self.total:,} rows  {rate:,.0f} rows/s  {duration(left)} left"
        print(f"\r{line:<60}", end="", file=sys.stderr, flush=True)

    def finish(self, retried: int) -> str:
        if self.total is not None:
            print("\r" + " " * 60 + "\r", end="", file=sys.stderr, flush=True)
        seconds = time.monotonic() - self.started
        rate = self.done / max(seconds, 1e-9)
        return (
            f"{self.done:,} rows in {duration(seconds)} ({rate:,.0f} rows/s), "
            f"{retried} request{'s' if retried != 1 else ''} retried"
        )


def duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


def resume_command(args: argparse.Namespace) -> str:
    argv = [sys.executable, sys.argv[0], str(args.input), str(args.output)]
    argv += ["--url", args.url]
    if args.chunk_size != MAX_CHUNK:
        argv += ["--chunk-size", str(args.chunk_size)]
    if args.workers != 1:
        argv += ["--workers", str(args.workers)]
    if args.retries != RETRIES:
        argv += ["--retries", str(args.retries)]
    return shlex.join([*argv, "--resume"])


def run(args: argparse.Namespace, token: str) -> int:
    """Predict what the output lacks; returns how many rows were written this run."""
    output = Output(args.output)
    skip = output.resume(args.input, args.chunk_size) if args.resume else 0
    chunks = read_chunks(args.input, args.chunk_size, skip)
    first = next(chunks, None)
    if first is None:
        if skip:
            return 0
        raise ClientError(f"{args.input} has no data rows.")
    total = count_rows(args.input) - skip if sys.stderr.isatty() else None
    progress = Progress(total)
    sender = Sender(args.url.rstrip("/"), token, args.retries)
    try:
        for chunk, predictions in predict_in_order(
            chunk_chain(first, chunks), sender, args.workers
        ):
            output.write(chunk, predictions)
            progress.update(len(chunk.rows))
    except (ClientError, OSError, KeyboardInterrupt) as error:
        progress.finish(sender.retried)
        problem = what_stopped(error)
        written = skip + progress.done
        if not written:
            raise ClientError(f"{problem}\nNothing was written to {args.output}.") from None
        raise ClientError(
            f"{problem}\nThe first {written} rows were predicted and written to {args.output}. "
            f"To predict the rest, run:\n  {resume_command(args)}"
        ) from None
    finally:
        output.close()
    print(progress.finish(sender.retried), file=sys.stderr)
    return progress.done


def what_stopped(error: BaseException) -> str:
    if isinstance(error, KeyboardInterrupt):
        return "Interrupted."
    if isinstance(error, OSError):  # writing the output: reading and sending raise ClientError
        return f"Cannot write the output: {error}"
    return str(error)


def chunk_chain(first: Chunk, rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield first
    yield from rest


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
    parser.add_argument("--workers", type=int, default=1, help="requests sent at once (default: 1)")
    parser.add_argument(
        "--retries",
        type=int,
        default=RETRIES,
        help="tries again of a chunk that met a dropped connection, a timeout, or an answer "
        f"{', '.join(map(str, sorted(RETRY_STATUSES)))} (default: {RETRIES})",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="finish an interrupted run: keep the rows OUTPUT holds, send only the rest",
    )
    args = parser.parse_args(argv)
    if args.workers < 1 or args.retries < 0:
        parser.error("--workers must be at least 1 and --retries at least 0")
    token = os.environ.get("IRIS_TOKEN", "").strip()
    if not token:
        parser.error("set IRIS_TOKEN to an API token (make one on the site's API token page)")
    try:
        count = run(args, token)
    except ClientError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{count} rows predicted; wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
