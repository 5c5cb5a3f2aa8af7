"""Each app started for real: its migrations, then gunicorn in a subprocess, on a fresh database.

`AppSpec` is the only place where the apps differ for the suites that drive them over HTTP
(the contract suite and the browser suite): how to run a command, which target gunicorn serves
and with which worker, and whether the app has pages (the FastAPI app is the API alone).
Everything else, from the database to the environment, is the same.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tools.harness import postgres
from tools.harness.ports import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 60
STOP_SECONDS = 20
COMMAND_SECONDS = 120

# Settings a developer's shell may hold that would make a server less production-like.
LOCAL_ONLY_VARIABLES = (
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "HTTPS",
    "PORT",
    "DJANGO_SETTINGS_MODULE",
    "FLASK_APP",
    "FLASK_DEBUG",
)


@dataclass(frozen=True)
class AppSpec:
    """How to drive one app: its command line, its commands' names, the target gunicorn
    serves (WSGI, or ASGI with `worker_class`), and whether it has pages."""

    name: str
    command: tuple[str, ...]
    commands: dict[str, str]
    wsgi_target: str
    # gunicorn's default (sync, or gthread with --threads) when None.
    worker_class: str | None = None
    pages: bool = True

    def argv(self, command: str, *args: str) -> list[str]:
        """The full command line for a contract command name such as `create-user`."""
        return [*self.command, *self.commands[command].split(), *args]


DJANGO = AppSpec(
    name="django",
    command=(sys.executable, "django_app/manage.py"),
    commands={
        "migrate": "migrate --noinput",
        "collect-static": "collectstatic --noinput --verbosity 0",
        "create-user": "create_user",
        "issue-token": "issue_token",
        "unlock-user": "unlock_user",
        "seed-demo": "seed_demo",
    },
    wsgi_target="django_app.config.wsgi:application",
)

FLASK = AppSpec(
    name="flask",
    command=(str(BIN / "flask"), "--app", "flask_app"),
    commands={
        "migrate": "db upgrade",
        "collect-static": "collect-static",
        "create-user": "create-user",
        "issue-token": "issue-token",
        "unlock-user": "unlock-user",
        "seed-demo": "seed-demo",
    },
    wsgi_target="flask_app.wsgi:app",
)

FASTAPI = AppSpec(
    name="fastapi",
    command=(sys.executable, "-m", "fastapi_app"),
    commands={
        "migrate": "migrate",
        "collect-static": "collect-static",
        "create-user": "create-user",
        "issue-token": "issue-token",
        "seed-demo": "seed-demo",
    },
    # An ASGI app under gunicorn: uvicorn's worker (deploy/serve.py says why).
    wsgi_target="fastapi_app:create_app()",
    worker_class="uvicorn_worker.UvicornWorker",
    pages=False,
)

APPS = {spec.name: spec for spec in (DJANGO, FLASK, FASTAPI)}
# The apps with pages, sessions, forms and an admin: what the browser suite drives.
PAGE_APPS = {name: spec for name, spec in APPS.items() if spec.pages}


# The apps whose static files this test run has collected (see Server.start).
_COLLECTED: set[str] = set()


class ServerError(RuntimeError):
    pass


def database_kinds() -> list[str]:
    """SQLite always; PostgreSQL too when the environment offers a server."""
    return ["sqlite", "postgresql"] if os.environ.get("TEST_POSTGRES_URL") else ["sqlite"]


@contextmanager
def fresh_database(
    kind: str, directory: Path, name: str, admin_url: str | None = None
) -> Iterator[str]:
    """A new, empty database of `kind` ("sqlite" or "postgresql"), its name `name` and a
    random suffix; yields its URL and drops it afterwards. A SQLite file goes in
    `directory`; a PostgreSQL database on the server of `admin_url`, else TEST_POSTGRES_URL."""
    database = f"{name}_{secrets.token_hex(4)}".replace("-", "_")
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'{database}.sqlite3'}"
        return
    if kind != "postgresql":
        raise ValueError(f"unknown database kind {kind!r}")
    admin_url = admin_url or os.environ["TEST_POSTGRES_URL"]
    url = postgres.create_database(admin_url, database)
    try:
        yield url
    finally:
        postgres.drop_database(admin_url, database)


def production_environment(database_url: str) -> dict[str, str]:
    """The environment of a deployed app: its own database, a random secret, DEBUG off."""
    environment = {
        key: value for key, value in os.environ.items() if key not in LOCAL_ONLY_VARIABLES
    }
    environment.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return environment


def tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


class Server:
    """One app under gunicorn, and the app's commands run against the same database."""

    def __init__(
        self,
        spec: AppSpec,
        database_url: str,
        log_dir: Path,
        settings: dict[str, str],
        workers: int = 1,
    ):
        self.spec = spec
        self.workers = workers
        self.database_url = database_url
        self.environment = {**production_environment(database_url), **settings}
        self.port = free_port()
        self.log_path = log_dir / f"{spec.name}-{self.port}-gunicorn.log"
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def cli(self, command: str, *args: str) -> subprocess.CompletedProcess:
        """Run an app command by its contract name (`create-user`, `issue-token`, ...)."""
        return subprocess.run(
            self.spec.argv(command, *args),
            cwd=REPO_ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=COMMAND_SECONDS,
        )

    def start(self) -> None:
        self._run_or_fail("migrate")
        # As a deployment does before it serves with DEBUG off: the hashed, compressed
        # static files. Once per app and test run: the source files do not change meanwhile.
        if self.spec.name not in _COLLECTED:
            self._run_or_fail("collect-static")
            _COLLECTED.add(self.spec.name)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--threads",
                    "4",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                    *self.worker_args(),
                    self.spec.wsgi_target,
                ],
                cwd=REPO_ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise

    def worker_args(self) -> list[str]:
        worker_class = self.spec.worker_class
        return ["--worker-class", worker_class] if worker_class else []

    def _run_or_fail(self, command: str) -> None:
        done = self.cli(command)
        if done.returncode != 0:
            raise ServerError(
                f"{self.spec.name}: {command} failed ({done.returncode})\n"
                f"{done.stdout}\n{done.stderr}"
            )

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        last_problem = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"{self.spec.name}: gunicorn exited with {self.process.returncode}\n"
                    f"{tail(self.log_path)}"
                )
            try:
                # The worker loads the model before it answers: allow a slow first reply.
                response = requests.get(f"{self.base_url}/api/v1/health", timeout=10)
            except requests.RequestException as error:
                last_problem = type(error).__name__
            else:
                if response.status_code == 200:
                    return
                last_problem = f"health answered {response.status_code}"
            time.sleep(0.1)
        raise ServerError(
            f"{self.spec.name}: not healthy after {STARTUP_SECONDS} s ({last_problem})\n"
            f"{tail(self.log_path)}"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # The whole process group: the gunicorn master and its worker.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start_server(
    spec: AppSpec,
    database_url: str,
    log_dir: Path | None = None,
    settings: dict[str, str] | None = None,
    workers: int = 1,
) -> Server:
    """A running, healthy server on `database_url`, its environment completed by `settings`
    (such as `{"HTTPS": "1"}`); the caller stops it with `stop()`."""
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="server-log-"))
    server = Server(spec, database_url, log_dir, settings or {}, workers)
    server.start()
    return server


@contextmanager
def app_server(app: str, database: str, directory: Path) -> Iterator[Server]:
    """`app` (a name of APPS) on a fresh `database` ("sqlite" or "postgresql"), stopped
    and its database dropped when the block ends, whatever happened in it."""
    with fresh_database(database, directory, app) as url:
        server = start_server(APPS[app], url, directory)
        try:
            yield server
        finally:
            server.stop()
