"""Where a predict request's time goes, in process: `python -m benchmarks.where_time_goes`.

Each app is built in a child process on a fresh database, and `POST /api/v1/predict` is
sent straight to its WSGI callable (no server, no socket), single and in batches. Public
functions that the app calls are wrapped with timers, where its modules look them up, each
charged to one part of the request:

- auth: the token check (`services.api_token_authenticate`, its queries and writes included);
- validation: reading the body (`read_prediction_body`, before `read_prediction_request`:
  JSON and the contract's checks) and the services' `validate_features`/`validate_instances`;
- model: `Predictor.predict_many`;
- database: the rest of the create services (building the ORM objects, INSERT, COMMIT);
- serialisation: the predictions' JSON (`shared_model.api.wire.prediction_json`, once per
  prediction, as the api module calls it, and `JsonResponse` / `jsonify`);
- HTTP/framework: everything else between the WSGI call and its last byte.

Timers read the process's CPU time, not the wall clock: on a machine shared with other
programs the numbers then stay put. The database server's own work is not in them (on
PostgreSQL it runs in another process; SQLite runs in this one). Timers are exclusive (a
part nested in another is charged once), so the parts add up to the request. Each point
runs 5 rounds and keeps the quickest; before them the app's objects are frozen out of the
garbage collector's passes, as its web process does (`shared_model/web/process.py`).
`--repo DIR` measures another checkout of this repository with the same script (the
README's "before" column: the commit before the fast paths).
Writes benchmarks/results/where-time-goes.json unless `--output` says otherwise.
"""

from __future__ import annotations

import argparse
import functools
import gc
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PARTS = ("HTTP/framework", "auth", "validation", "model", "database", "serialisation")
POINTS = {"single": (1, 200), "batch-100": (100, 30), "batch-1000": (1000, 6)}
ROUNDS = 5
FLOWER = {"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}
PASSWORD = "where-the-time-goes-42"
CHILD = (
    "import importlib.util, json; "
    "spec = importlib.util.spec_from_file_location('timer', {script!r}); "
    "timer = importlib.util.module_from_spec(spec); spec.loader.exec_module(timer); "
    "print(json.dumps(timer.measure({app!r})))"
)


class Clock:
    """Exclusive time per part: a part's time excludes the timed parts it calls."""

    def __init__(self) -> None:
        self.totals = dict.fromkeys(PARTS, 0.0)
        self._stack: list[list] = []

    def wrap(self, part: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            frame = [part, 0.0]
            self._stack.append(frame)
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                self._stack.pop()
                self.totals[part] += elapsed - frame[1]
                if self._stack:
                    self._stack[-1][1] += elapsed

        return timed

    def patch(self, owner, name: str, part: str) -> None:
        if hasattr(owner, name):
            setattr(owner, name, self.wrap(part, getattr(owner, name)))


def body_for(rows: int) -> bytes:
    if rows == 1:
        return json.dumps({"features": FLOWER}).encode()
    return json.dumps({"instances": [FLOWER] * rows}).encode()


def call(app, body: bytes, token: str) -> int:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/predict",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    result = app(environ, lambda code, headers, exc_info=None: status.append(code))
    try:
        for _ in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(status[0].split()[0])


def django_app():
    """(WSGI app, token, modules to time) for the Django app, migrated and with one user."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "django_app.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.core.wsgi import get_wsgi_application

    from django_app.predictions import api, services

    user = services.user_create(username="timer", password=PASSWORD)
    token = services.api_token_issue(user=user)
    return get_wsgi_application(), token, api, services, "JsonResponse"


def flask_app():
    """(WSGI app, token, modules to time) for the Flask app, migrated and with one user."""
    import flask_migrate

    from flask_app import api, create_app, services

    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
        user = services.user_create(username="timer", password=PASSWORD)
        token = services.api_token_issue(user=user)
    return app, token, api, services, "jsonify"


def baseline_app():
    """(WSGI app, token) of the framework-free same-work baseline, its tables made."""
    from benchmarks.baseline import Database, fast_app

    database = Database(os.environ["DATABASE_URL"])
    database.migrate()
    database.create_user("timer")
    return fast_app(), database.issue_token("timer")


def measure(app_name: str) -> dict:
    """Run in the child: the mean time per part, in microseconds per request, per point.
    The baseline is not split: its whole request, charged to HTTP/framework, is the
    yardstick."""
    from shared_model.model.predictor import Predictor

    clock = Clock()
    if app_name == "baseline":
        app, token = baseline_app()
    else:
        build = django_app if app_name == "django" else flask_app
        app, token, api, services, json_response = build()
        clock.patch(services, "api_token_authenticate", "auth")
        for name in ("read_prediction_body", "read_prediction_request"):  # after / before
            clock.patch(api, name, "validation")
        for name in ("validate_features", "validate_instances"):
            clock.patch(services, name, "validation")
        clock.patch(Predictor, "predict_many", "model")
        for name in ("prediction_create", "prediction_batch_create"):
            clock.patch(services, name, "database")
        for name in ("prediction_json", json_response):
            clock.patch(api, name, "serialisation")
    results = {}
    for point, (rows, requests) in POINTS.items():
        body = body_for(rows)
        for _ in range(max(3, requests // 10)):  # warm up: connections, caches, code paths
            call(app, body, token)
        # The app's long-lived objects (modules, the model) out of the collector's way: a full
        # collection walking them lands in whichever part happens to be running.
        gc.collect()
        gc.freeze()
        rounds = []
        for _ in range(ROUNDS):
            clock.totals = dict.fromkeys(PARTS, 0.0)
            start = time.process_time()
            for _ in range(requests):
                assert call(app, body, token) == 200
            total = time.process_time() - start
            parts = {part: seconds / requests * 1e6 for part, seconds in clock.totals.items()}
            parts["HTTP/framework"] = total / requests * 1e6 - sum(parts.values())
            rounds.append({"total_us": total / requests * 1e6, "parts_us": parts})
        # The quietest round: on a shared machine the others carry other programs' time.
        results[point] = min(rounds, key=lambda round_: round_["total_us"])
    return results


@contextmanager
def fresh_database(kind: str, directory: Path, name: str):
    # The harness is imported here, in the parent only: the child loads this file from the
    # checkout it measures (`--repo`), which may have none.
    sys.path.insert(0, str(REPO_ROOT))
    from tools.harness.servers import fresh_database as fresh

    with fresh(kind, directory, name) as url:
        yield url


def run_child(repo: Path, app_name: str, url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "where-the-time-goes-" + "x" * 40,
        "DEBUG": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MODEL_DIR": os.environ.get("MODEL_DIR") or str(REPO_ROOT / "shared_model" / "artifacts"),
        "PYTHONPATH": str(repo),
    }
    # The child imports the apps from `repo` and this file by its path, under another name:
    # the benchmarks package of `repo` may not have it.
    command = [
        sys.executable,
        "-c",
        CHILD.format(script=str(Path(__file__).resolve()), app=app_name),
    ]
    child = subprocess.run(command, env=env, cwd=repo, capture_output=True, text=True)
    if child.returncode != 0:
        raise RuntimeError(f"{app_name} child failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def markdown(results: dict) -> str:
    lines = []
    for key, points in results.items():
        lines.append(f"\n{key} (µs per request, in process)\n")
        lines.append("| part | " + " | ".join(points) + " |")
        lines.append("| --- |" + " ---: |" * len(points))
        for part in () if key.startswith("baseline") else PARTS:  # the baseline: one total
            cells = [f"{points[p]['parts_us'][part]:,.0f}" for p in points]
            lines.append(f"| {part} | " + " | ".join(cells) + " |")
        lines.append(
            "| **total** | "
            + " | ".join(f"**{points[p]['total_us']:,.0f}**" for p in points)
            + " |"
        )
    return "\n".join(lines)


def _part_us(numbers: dict, part: str) -> float:
    return numbers["total_us"] if part == "total" else numbers["parts_us"][part]


def before_after_markdown(before: dict, after: dict, kind: str = "sqlite") -> str:
    """One table per app: each part of a request, before and after, per point (µs)."""
    lines = []
    for app_name in ("django", "flask"):
        key = f"{app_name} / {kind}"
        points = list(after[key])
        lines += [f"\n{app_name.capitalize()}, {kind}, µs per request (before → after)\n"]
        lines.append("| part | " + " | ".join(points) + " |")
        lines.append("| --- |" + " ---: |" * len(points))
        for part in (*PARTS, "total"):
            cells = [
                f"{_part_us(before[key][p], part):,.0f} → {_part_us(after[key][p], part):,.0f}"
                for p in points
            ]
            lines.append(f"| {part} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def results_markdown(after: dict, before: dict | None, source: str) -> str:
    """docs/performance.md's "where the time goes": the parts of each app's request (before
    and after when an older checkout's results are given) and the baseline's whole request."""
    apps = {key: points for key, points in after.items() if not key.startswith("baseline")}
    if before is not None:
        tables = "\n".join(
            before_after_markdown(before, after, kind)
            for kind in ("sqlite", "postgresql")
            if f"django / {kind}" in after and f"django / {kind}" in before
        )
    else:
        tables = markdown(apps)
    baseline = [
        f"{key.removeprefix('baseline / ')}: "
        + ", ".join(f"{point} {numbers['total_us']:,.0f} µs" for point, numbers in points.items())
        for key, points in after.items()
        if key.startswith("baseline")
    ]
    lines = [f"From {source} in `benchmarks/results/`, µs of CPU per request.", ""]
    lines.append(tables.strip())
    if baseline:
        lines += ["", "The same-work baseline's whole request: " + "; ".join(baseline) + "."]
    return "\n".join(lines) + "\n"


def write_markdown(output: Path) -> Path:
    """Writes OUTPUT's tables beside it (`.md`), with `where-time-goes-before.json` from the
    same folder as the "before" when it is there; `make compare` copies them into the docs."""
    after = json.loads(output.read_text())
    before_path = output.with_name("where-time-goes-before.json")
    before = json.loads(before_path.read_text()) if before_path.exists() else None
    source = f"`{before_path.name}` → `{output.name}`" if before else f"`{output.name}`"
    path = output.with_suffix(".md")
    path.write_text(results_markdown(after, before, source))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help="checkout to measure")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument(
        "--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"), help="print both as tables"
    )
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(path.read_text()) for path in args.compare)
        for kind in ("sqlite", "postgresql"):
            if f"django / {kind}" in after and f"django / {kind}" in before:
                print(before_after_markdown(before, after, kind))
        return
    kinds = ["sqlite", "postgresql"] if os.environ.get("TEST_POSTGRES_URL") else ["sqlite"]
    results = {}
    with tempfile.TemporaryDirectory(prefix="where-time-goes-") as directory:
        for kind in kinds:
            # The baseline lives in this checkout only: with --repo, the apps alone.
            names = ("baseline",) if args.repo.resolve() == REPO_ROOT else ()
            for app_name in (*names, "django", "flask"):
                with fresh_database(kind, Path(directory), f"timer_{app_name}") as url:
                    print(f"  {app_name} on {kind} ...", file=sys.stderr, flush=True)
                    results[f"{app_name} / {kind}"] = run_child(args.repo.resolve(), app_name, url)
    output = args.output or REPO_ROOT / "benchmarks" / "results" / "where-time-goes.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results))
    print(f"\nwrote {output} and {write_markdown(output)}", file=sys.stderr)


if __name__ == "__main__":
    main()
