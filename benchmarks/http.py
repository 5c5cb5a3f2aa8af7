"""The apps against a framework-free baseline under load: `python -m benchmarks.http`.

Every server runs under gunicorn `-w 2` on a fresh database, SQLite then PostgreSQL
(TEST_POSTGRES_URL, or a throwaway server started here): the Django app and the Flask app
with sync workers, the FastAPI app with uvicorn's (as `make serve-fastapi` runs it), the
same-work baseline (`benchmarks.baseline:app`) and the baseline that calls scikit-learn's
`predict_proba` (`:sklearn_app`), both with sync workers. wrk (`-t1`, keep-alive
connections, a Lua script for the POST body) loads one server at a time, taking turns, at
each point:

- single: one flower per request, 8 connections;
- batch-100 and batch-1000: 100 and 1000 flowers per request, 8 connections;
- latency: one flower per request, 1 connection; its p50 is the number.

Each point repeats (3 times by default) and keeps the spread. After each run the stored rows
are counted against the acknowledged ones (2xx answers times the rows per request; requests
still in flight when wrk stops may be stored without an answer, never the reverse).
`--before DIR` adds the apps of another checkout (the README's "before"). Results:
benchmarks/results/<name>.json and .md, and a plot (docs/benchmark.png for a full run).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.report import summarise, write_markdown, write_plot
from benchmarks.servers import BenchServer, bench_specs, stored_rows
from benchmarks.wrk import require_wrk, run_wrk
from tools.harness import postgres
from tools.harness.servers import fresh_database

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "benchmarks" / "results"
FLOWER = {"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}
# point: (flowers per request, connections)
POINTS = {"single": (1, 8), "batch-100": (100, 8), "batch-1000": (1000, 8), "latency": (1, 1)}


def body_for(rows: int) -> bytes:
    if rows == 1:
        return json.dumps({"features": FLOWER}).encode()
    return json.dumps({"instances": [FLOWER] * rows}).encode()


def settle(server: BenchServer, before: int, slowest_seconds: float) -> int:
    """The stored row count once the requests still queued when wrk stopped have finished:
    unchanged over twice the slowest answer of the run."""
    interval = max(0.2, 2 * slowest_seconds)
    count = stored_rows(server)
    while True:
        time.sleep(interval)
        again = stored_rows(server)
        if again == count:
            return count - before
        count = again


def measure(server, point, repeat, seconds, workdir) -> dict:
    rows, connections = POINTS[point]
    before = stored_rows(server)
    result = run_wrk(
        server.predict_url,
        server.token,
        body_for(rows),
        connections=connections,
        seconds=seconds,
        workdir=workdir,
    )
    stored = settle(server, before, result.p99_us / 1e6)
    acknowledged = result.acknowledged * rows
    return {
        "app": server.name,
        "point": point,
        "repeat": repeat,
        "requests": result.requests,
        "rps": result.rps,
        "rows_per_s": result.acknowledged * rows / result.seconds,
        "p50_ms": result.p50_us / 1000,
        "p90_ms": result.p90_us / 1000,
        "p99_ms": result.p99_us / 1000,
        "non_2xx": result.non_2xx,
        "errors": result.errors,
        "acknowledged_rows": acknowledged,
        "stored_rows": stored,
        # Everything acknowledged is stored; at most the in-flight requests are extra.
        "all_stored": acknowledged <= stored <= acknowledged + connections * rows,
    }


def warm_up(servers: list[BenchServer], workdir: Path) -> None:
    """A second of load on every server at once: each worker loads the model and opens its
    database connection before anything is measured."""
    with ThreadPoolExecutor(len(servers)) as pool:
        list(
            pool.map(
                lambda server: run_wrk(
                    server.predict_url,
                    server.token,
                    body_for(1),
                    connections=4,
                    seconds=1,
                    workdir=workdir / server.name,
                ),
                servers,
            )
        )
    for server in servers:  # its last requests stored before the first count is taken
        settle(server, 0, slowest_seconds=0.1)


def run_database(kind, args, specs, workdir) -> list[dict]:
    runs = []
    started = time.monotonic()
    with ExitStack() as stack:
        admin_url = stack.enter_context(postgres.server_url()) if kind == "postgresql" else None
        urls = [
            stack.enter_context(fresh_database(kind, workdir, spec.name, admin_url))
            for spec, _ in specs
        ]
        print(f"[{kind}] starting {', '.join(spec.name for spec, _ in specs)} ...", flush=True)
        servers = [BenchServer(spec, url, workdir) for spec, url in zip(specs, urls, strict=True)]
        for server in servers:
            stack.push(server.__exit__)
        # Started side by side: migrations and model loads overlap.
        with ThreadPoolExecutor(len(servers)) as pool:
            list(pool.map(BenchServer.__enter__, servers))
        print(f"[{kind}] started in {time.monotonic() - started:.0f} s; warming up", flush=True)
        warm_up(servers, workdir)
        for point in POINTS:
            for repeat in range(args.repeats):
                # Taking turns, in a rotating order: no app always runs first or last.
                shift = repeat % len(servers)
                for server in servers[shift:] + servers[:shift]:
                    run = measure(server, point, repeat, args.seconds, workdir)
                    run["database"] = kind
                    run["elapsed_s"] = round(time.monotonic() - started, 1)
                    runs.append(run)
                    print(progress(run, args.repeats), flush=True)
    return runs


def progress(run: dict, repeats: int) -> str:
    stored = "all rows stored" if run["all_stored"] else "ROWS MISSING"
    return (
        f"[{run['database']} {run['elapsed_s']:5.0f} s] {run['point']:10} {run['app']:16} "
        f"round {run['repeat'] + 1}/{repeats}: {run['rps']:8.1f} req/s, "
        f"{run['rows_per_s']:9.0f} rows/s, p50 {run['p50_ms']:7.2f} ms, "
        f"{run['non_2xx'] + run['errors']} failed, {stored}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 round of 1 s a point")
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout whose apps run too")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--apps", help="only these servers (comma-separated), baseline kept")
    parser.add_argument("--name", help="results file name (default: bench, or quick)")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.repeats = 1, 1
    require_wrk()
    name = args.name or ("quick" if args.quick else "bench")
    specs = bench_specs(args.before)
    if args.apps:
        wanted = {"baseline", *args.apps.split(",")}
        specs = [(spec, root) for spec, root in specs if spec.name in wanted]
    started = time.monotonic()
    runs = []
    # SQLite files, logs and wrk's script; removed at the end (a full run writes ~150 MB).
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        for kind in args.databases.split(","):
            runs += run_database(kind, args, specs, Path(directory))
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg(),
            "python": platform.python_version(),
        },
        "settings": {
            "gunicorn": "-w 2 (-k sync; FastAPI: -k uvicorn_worker.UvicornWorker)",
            "wrk": "-t1, 8 connections (latency: 1)",
            "seconds_per_run": args.seconds,
            "repeats": args.repeats,
            "points": POINTS,
            "before": str(args.before) if args.before else None,
        },
        "runs": runs,
        "summary": summarise(runs),
        "wall_seconds": round(time.monotonic() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    markdown = write_markdown(results, RESULTS / f"{name}.md")
    plot = REPO_ROOT / "docs" / "benchmark.png" if name == "bench" else RESULTS / f"{name}.png"
    write_plot(results, plot)
    print(markdown)
    print(f"wrote {RESULTS / name}.json, .md and {plot} in {results['wall_seconds']:.0f} s")
    if not all(run["all_stored"] for run in runs):
        raise SystemExit("some acknowledged rows were not stored")


if __name__ == "__main__":
    main()
