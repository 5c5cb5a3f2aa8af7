"""The same work as the apps' `POST /api/v1/predict`, without a framework: the bench's yardstick.

A plain WSGI callable, the stdlib `sqlite3` or psycopg and the same `shared_model` pieces
the apps use: the body read in the contract's order (`read_prediction_body`), the bearer
token looked up by its SHA-256 and joined with an active user (its last use written at
most once a minute, as the apps do), the features validated once, the predictor, one
INSERT ... RETURNING into a table shaped as the apps' (the same columns and indexes) and a
COMMIT, and the contract's JSON answer. It serves nothing else.

- `fast_app()`: the predictor as the apps run it (the numpy fast path);
- `sklearn_app()`: the predictor calling scikit-learn's `predict_proba`, as a plain
  implementation would.

Commands for the bench (`python -m benchmarks.baseline ...`), named as the apps' are:
`migrate` (creates the three tables), `create-user NAME --password P`, `issue-token NAME`.
The database is `DATABASE_URL`, SQLite or PostgreSQL. Not part of the apps: it has no
pages, no sessions, no admin, no migrations, and its SQL is written by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
from datetime import UTC, datetime

from shared_model.api.wire import (
    MAX_BODY_BYTES,
    STATUS_CODES,
    ApiError,
    error_body,
    prediction_json,
    read_prediction_body,
    validation_api_error,
)
from shared_model.model.predictor import Predictor, get_predictor
from shared_model.model.schema import FEATURE_NAMES
from shared_model.model.validation import ValidationError, validate_features, validate_instances
from shared_model.web.process import freeze_startup_objects
from shared_model.web.tokens import (
    bearer_token,
    generate_token,
    hash_token,
    last_use_is_stale,
)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS bench_user (
        id {serial} PRIMARY KEY, username VARCHAR(150) UNIQUE NOT NULL,
        password VARCHAR(200) NOT NULL, is_active BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS bench_token (
        id {serial} PRIMARY KEY, user_id INTEGER NOT NULL UNIQUE REFERENCES bench_user (id),
        key_hash VARCHAR(64) UNIQUE NOT NULL, created_at TIMESTAMP NOT NULL,
        last_used_at TIMESTAMP)""",
    # The apps' prediction table: the same columns (feedback and upload ones empty here)
    # and the same five indexes, which every INSERT keeps up to date.
    """CREATE TABLE IF NOT EXISTS prediction (
        id {serial} PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES bench_user (id),
        sepal_length DOUBLE PRECISION NOT NULL, sepal_width DOUBLE PRECISION NOT NULL,
        petal_length DOUBLE PRECISION NOT NULL, petal_width DOUBLE PRECISION NOT NULL,
        label VARCHAR(20) NOT NULL, probabilities TEXT NOT NULL, warnings TEXT NOT NULL,
        model_version VARCHAR(64) NOT NULL, created_at TIMESTAMP NOT NULL,
        true_label VARCHAR(20), feedback_at TIMESTAMP, upload_id INTEGER, upload_line INTEGER)""",
    "CREATE INDEX IF NOT EXISTS prediction_user_created ON prediction (user_id, created_at DESC)",
    "CREATE INDEX IF NOT EXISTS prediction_created ON prediction (created_at)",
    "CREATE INDEX IF NOT EXISTS prediction_label ON prediction (label)",
    "CREATE INDEX IF NOT EXISTS prediction_model_version ON prediction (model_version)",
    "CREATE INDEX IF NOT EXISTS prediction_upload ON prediction (upload_id)",
)
COLUMNS = (
    "user_id",
    *FEATURE_NAMES,
    "label",
    "probabilities",
    "warnings",
    "model_version",
    "created_at",
)
TOKEN_QUERY = (
    "SELECT t.id, t.last_used_at, u.id FROM bench_token t JOIN bench_user u ON u.id = t.user_id "
    "WHERE t.key_hash = {p} AND u.is_active"
)


class Database:
    """One connection per worker process, kept open, as the apps' persistent connections."""

    def __init__(self, url: str):
        self.postgresql = url.startswith(("postgresql", "postgres:"))
        if self.postgresql:
            import psycopg

            url = url.replace("postgresql+psycopg://", "postgresql://")
            # Autocommit: each statement is its own transaction, as Django's default is.
            self.connection = psycopg.connect(url, options="-c timezone=UTC", autocommit=True)
            self.param = "%s"
        else:
            # isolation_level=None: BEGIN is ours; IMMEDIATE as the apps' transactions.
            self.connection = sqlite3.connect(
                url.removeprefix("sqlite:///"), timeout=20, isolation_level=None
            )
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self.param = "?"

    def begin(self) -> None:
        """Start a write (SQLite); on PostgreSQL each statement is one already."""
        if not self.postgresql:
            self.connection.execute("BEGIN IMMEDIATE")

    def execute(self, sql: str, params: tuple = ()):
        return self.connection.execute(sql.format(p=self.param), params)

    def commit(self) -> None:
        if not self.postgresql:
            self.connection.execute("COMMIT")

    def migrate(self) -> None:
        serial = "SERIAL" if self.postgresql else "INTEGER"
        for statement in SCHEMA:
            self.connection.execute(statement.format(serial=serial))

    def create_user(self, username: str) -> None:
        self.begin()
        self.execute(
            "INSERT INTO bench_user (username, password, is_active) VALUES ({p}, {p}, {p})",
            (username, "!", True),  # no login here: the token is all it needs
        )
        self.commit()

    def issue_token(self, username: str) -> str:
        token = generate_token()
        (user_id,) = self.execute(
            "SELECT id FROM bench_user WHERE username = {p}", (username,)
        ).fetchone()
        self.begin()
        self.execute(
            "INSERT INTO bench_token (user_id, key_hash, created_at) VALUES ({p}, {p}, {p})",
            (user_id, hash_token(token), datetime.now(UTC).replace(tzinfo=None)),
        )
        self.commit()
        return token

    def user_for_token(self, token: str | None) -> int | None:
        """The active user's id for a bearer token; notes its use at most once a minute."""
        if not token:
            return None
        row = self.execute(TOKEN_QUERY, (hash_token(token),)).fetchone()
        if row is None:
            return None
        token_id, last_used_at, user_id = row
        now = datetime.now(UTC)
        if isinstance(last_used_at, str):
            last_used_at = datetime.fromisoformat(last_used_at)
        if last_use_is_stale(last_used_at, now):
            self.begin()
            self.execute(
                "UPDATE bench_token SET last_used_at = {p} WHERE id = {p}",
                (now.replace(tzinfo=None), token_id),
            )
            self.commit()
        return user_id

    def insert_predictions(self, rows: list[tuple]) -> list[int]:
        """One INSERT ... RETURNING id of every row (one transaction); ids in row order."""
        values = ", ".join(["(" + ", ".join([self.param] * len(COLUMNS)) + ")"] * len(rows))
        sql = f"INSERT INTO prediction ({', '.join(COLUMNS)}) VALUES {values} RETURNING id"
        self.begin()
        ids = [row[0] for row in self.connection.execute(sql, [v for row in rows for v in row])]
        self.commit()
        # SQLite returns RETURNING rows in insertion order; PostgreSQL's serial ids grow.
        return sorted(ids)


def make_app(predictor: Predictor):
    """The WSGI callable; its database connection opens at the first request of a worker."""
    database: Database | None = None

    def answer(start_response, status: int, body: dict, headers=()) -> list[bytes]:
        data = json.dumps(body).encode()
        start_response(
            f"{status} {'OK' if status == 200 else 'Error'}",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers],
        )
        return [data]

    def refuse(start_response, error: ApiError) -> list[bytes]:
        return answer(start_response, error.status, error.body)

    def application(environ, start_response):
        nonlocal database
        if database is None:  # per worker process, after gunicorn's fork
            database = Database(os.environ["DATABASE_URL"])
        if environ["REQUEST_METHOD"] != "POST" or environ["PATH_INFO"] != "/api/v1/predict":
            return answer(start_response, 404, error_body("not_found"))
        user_id = database.user_for_token(bearer_token(environ.get("HTTP_AUTHORIZATION")))
        if user_id is None:
            body = error_body("unauthorized")
            return answer(start_response, STATUS_CODES["unauthorized"], body)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY_BYTES:
            return refuse(start_response, ApiError("too_large"))
        try:
            kind, payload = read_prediction_body(
                environ["wsgi.input"].read(length), environ.get("CONTENT_TYPE")
            )
            instances = (
                [validate_features(payload)] if kind == "single" else validate_instances(payload)
            )
        except ApiError as error:
            return refuse(start_response, error)
        except ValidationError as error:
            return refuse(start_response, validation_api_error(error))
        results = predictor.predict_many(instances)
        now = datetime.now(UTC)
        rows = [
            (
                user_id,
                *(features[name] for name in FEATURE_NAMES),
                result.label,
                json.dumps(result.probabilities),
                json.dumps(result.warnings),
                predictor.version,
                now.replace(tzinfo=None),
            )
            for features, result in zip(instances, results, strict=True)
        ]
        ids = database.insert_predictions(rows)
        answers = [
            prediction_json(
                id=pk,
                label=result.label,
                probabilities=result.probabilities,
                warnings=result.warnings,
                model_version=predictor.version,
                created_at=now,
            )
            for pk, result in zip(ids, results, strict=True)
        ]
        if kind == "single":
            return answer(start_response, 200, answers[0])
        return answer(
            start_response, 200, {"predictions": answers, "model_version": predictor.version}
        )

    return application


def sklearn_predictor() -> Predictor:
    """The same predictor, calling scikit-learn's predict_proba for every request."""
    fast = get_predictor()
    slow = Predictor(fast.model, fast.card)
    slow.probabilities, slow.fast_path = fast.model.predict_proba, False
    return slow


def fast_app():
    """gunicorn's target `benchmarks.baseline:fast_app()`: the predictor as the apps run it."""
    app = make_app(get_predictor())
    freeze_startup_objects()  # as the apps' web processes do
    return app


def sklearn_app():
    """gunicorn's target `benchmarks.baseline:sklearn_app()`: predict_proba every time."""
    app = make_app(sklearn_predictor())
    freeze_startup_objects()
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="The baseline's commands, for the bench.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate")
    create = commands.add_parser("create-user")
    create.add_argument("username")
    create.add_argument("--password", required=True, help="accepted, not stored")
    issue = commands.add_parser("issue-token")
    issue.add_argument("username")
    args = parser.parse_args()
    database = Database(os.environ["DATABASE_URL"])
    if args.command == "migrate":
        database.migrate()
    elif args.command == "create-user":
        database.create_user(args.username)
    else:
        print(database.issue_token(args.username))


if __name__ == "__main__":
    main()
