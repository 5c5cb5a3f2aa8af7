"""The bench's servers: each app or baseline under gunicorn `-w 2` on its own database.

The apps are driven as the contract suite drives them (`tools.harness.servers.AppSpec`:
migrate, create a user, issue a token), but with gunicorn's synchronous workers and no
threads, the configuration the numbers are quoted for; the FastAPI app with uvicorn's
worker (`-k uvicorn_worker.UvicornWorker`), as `make serve-fastapi` runs it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import psycopg
import requests

from tools.harness.ports import free_port
from tools.harness.servers import APPS, BIN, AppSpec, production_environment, tail

REPO_ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = REPO_ROOT / "shared_model" / "artifacts"
BASELINE_COMMANDS = {
    "migrate": "migrate",
    "create-user": "create-user",
    "issue-token": "issue-token",
}
BASELINE = AppSpec(
    name="baseline",
    command=(sys.executable, "-m", "benchmarks.baseline"),
    commands=BASELINE_COMMANDS,
    wsgi_target="benchmarks.baseline:fast_app()",
)
BASELINE_SKLEARN = replace(
    BASELINE, name="baseline-sklearn", wsgi_target="benchmarks.baseline:sklearn_app()"
)
# The table each server stores its predictions in.
PREDICTION_TABLES = {
    "django": "predictions_prediction",
    "flask": "prediction",
    "fastapi": "prediction",
}


def bench_specs(before: Path | None) -> list[tuple[AppSpec, Path]]:
    """(spec, the checkout it runs from) for every server of the bench."""
    specs = [
        (BASELINE, REPO_ROOT),
        (BASELINE_SKLEARN, REPO_ROOT),
        (APPS["django"], REPO_ROOT),
        (APPS["flask"], REPO_ROOT),
        (APPS["fastapi"], REPO_ROOT),
    ]
    if before is not None:
        root = before.resolve()
        # The apps the other checkout has (FastAPI's only from the checkout that added it).
        names = [name for name in APPS if (root / f"{name}_app").is_dir()]
        specs += [(_before_spec(name, root), root) for name in names]
    return specs


def _before_spec(name: str, root: Path) -> AppSpec:
    """An app of another checkout; a Flask app older than flask_app/wsgi.py served its
    factory."""
    spec = replace(APPS[name], name=f"{name}-before")
    if name == "flask" and not (root / "flask_app" / "wsgi.py").exists():
        spec = replace(spec, wsgi_target="flask_app:create_app()")
    return spec


class BenchServer:
    """A context manager: migrated, started, a user and a token made; stopped on exit."""

    def __init__(self, spec_and_root: tuple[AppSpec, Path], database_url: str, workdir: Path):
        self.spec, self.root = spec_and_root
        self.name = self.spec.name
        self.database_url = database_url
        self.port = free_port()
        self.predict_url = f"http://127.0.0.1:{self.port}/api/v1/predict"
        self.log_path = workdir / f"{self.name}-{self.port}.log"
        self.environment = {
            **production_environment(database_url),
            "MODEL_DIR": str(MODEL_DIR),
            # The checkout's own packages first (an older checkout runs its own code).
            "PYTHONPATH": str(self.root),
        }
        self.process: subprocess.Popen | None = None
        self.token = ""
        # An older checkout with its own virtualenv runs with its own dependencies too.
        own = self.root / ".venv" / "bin"
        self.bin = own if self.root != REPO_ROOT and (own / "python").exists() else BIN

    def _from_bin(self, argv: list[str]) -> list[str]:
        """`argv` with this server's virtualenv in place of the bench's own."""
        return [str(self.bin / Path(arg).name) if Path(arg).parent == BIN else arg for arg in argv]

    def cli(self, command: str, *args: str) -> str:
        done = subprocess.run(
            self._from_bin(self.spec.argv(command, *args)),
            cwd=self.root,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.name} {command} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def __enter__(self) -> BenchServer:
        self.cli("migrate")
        self.cli("create-user", "bench", "--password", "bench-password-1234")
        self.token = self.cli("issue-token", "bench").strip().splitlines()[-1]
        worker_class = self.spec.worker_class or "sync"
        argv = [str(self.bin / "gunicorn"), "-k", worker_class, "-w", "2"]
        argv += ["-b", f"127.0.0.1:{self.port}"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*argv, "--timeout", "120", self.spec.wsgi_target],
                cwd=self.root,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_until_answering()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited\n{tail(self.log_path)}")
            try:
                # Any answer will do: a worker has loaded the app and the model.
                requests.get(self.predict_url, timeout=30)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name}: no answer after 120 s\n{tail(self.log_path)}")

    def __exit__(self, *exc_info) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def stored_rows(server: BenchServer) -> int:
    table = PREDICTION_TABLES.get(server.name.removesuffix("-before"), "prediction")
    query = f"SELECT count(*) FROM {table}"  # a table name from the list above
    url = server.database_url
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)) as connection:
            return connection.execute(query).fetchone()[0]
    with psycopg.connect(url) as connection:
        return connection.execute(query).fetchone()[0]
