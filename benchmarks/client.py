"""The example client on a big file: `python -m benchmarks.client [--rows N]`.

Makes a CSV file of N flowers (default 1,000,000), starts each app the production way
(deploy/serve.py: nginx in front of gunicorn with deploy/gunicorn.conf.py, two sync workers,
DEBUG off) on a fresh SQLite database, and runs on the file, each as a new user (keys are per
user, so no run is answered from another's): the client as it was at commit 5c34153 (it
reads the whole file, then sends one chunk at a time and writes the output at the end), and
examples/predict_csv.py with `--workers 1` and `--workers 2`. Reports each run's rows a
second (from the client's start to its exit; the fastest of `--runs`), the client's CPU
time and its peak memory (ru_maxrss, see LAUNCHER), as a Markdown table. With them, the
server's own ceiling, measured first on the empty table: one ready-made 1000-row body sent
over and over with no client work at all, one at a time without a key (what the old client
sends), one and two at a time with a key each (what the new one sends).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from benchmarks.servers import REPO_ROOT
from benchmarks.upload import flowers_csv
from shared_model.model.schema import FEATURE_NAMES, MAX_BATCH_SIZE
from shared_model.pages.csv_io import SAMPLE_FLOWERS
from tools.harness.ports import free_port
from tools.harness.samples import PASSWORD, unique_username
from tools.harness.servers import APPS, fresh_database, production_environment

ROWS = 1_000_000
BEFORE = "5c34153"
CLIENT = REPO_ROOT / "examples" / "predict_csv.py"
STARTUP_SECONDS = 120
CEILING_REQUESTS = 50
# (requests at a time, with a key each): what the server can do for the old client (no key)
# and for the new one.
CEILINGS = [(1, False), (1, True), (2, True)]
# Linux counts in a child's ru_maxrss the memory of the process it was forked from (this
# one, with its servers' clients and the file it wrote): the client is started by this
# small process instead, which prints the exit status, CPU seconds and peak memory that
# os.wait4 gives for the client alone.
LAUNCHER = """
import os, subprocess, sys
client = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(client.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


class ProductionServer:
    """`deploy/serve.py APP` on `database_url`, with a user per client run."""

    def __init__(self, app: str, database_url: str):
        self.spec = APPS[app]
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.environment = {**production_environment(database_url), "PORT": str(self.port)}
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ProductionServer:
        self.process = subprocess.Popen(
            [sys.executable, "deploy/serve.py", self.spec.name],
            cwd=REPO_ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"deploy/serve.py {self.spec.name} exited")
            try:
                if requests.get(f"{self.base_url}/api/v1/health", timeout=5).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"deploy/serve.py {self.spec.name}: no answer in {STARTUP_SECONDS} s")

    def __exit__(self, *exc_info) -> None:
        # serve.py stops nginx and gunicorn on SIGTERM.
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def new_token(self) -> str:
        username = unique_username("client")
        for command in (
            ["create-user", username, "--password", PASSWORD],
            ["issue-token", username],
        ):
            done = subprocess.run(
                self.spec.argv(*command),
                cwd=REPO_ROOT,
                env=self.environment,
                capture_output=True,
                text=True,
                check=True,
            )
        return done.stdout.strip().splitlines()[-1]


def run_client(script: Path, args: list[str], token: str) -> tuple[float, float, int]:
    """(seconds, CPU seconds, peak resident memory in bytes) of one client run, which must
    succeed."""
    started = time.monotonic()
    launched = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, str(script), *args],
        env={**os.environ, "IRIS_TOKEN": token},
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    status, cpu, peak_kib = launched.stdout.split()[-3:]
    if launched.returncode != 0 or status != "0":
        raise RuntimeError(f"{script.name} {args} failed:\n{launched.stderr}")
    return seconds, float(cpu), int(peak_kib) * 1024  # Linux counts in KiB


def server_ceiling(server: ProductionServer, at_once: int, keyed: bool) -> float:
    """Rows a second the server stores when nothing but HTTP stands before it; `keyed`, each
    request with an Idempotency-Key of its own, as the client sends them."""
    body = json.dumps(
        {
            "instances": [
                dict(zip(FEATURE_NAMES, SAMPLE_FLOWERS[i % 10], strict=True))
                for i in range(MAX_BATCH_SIZE)
            ]
        }
    ).encode()
    headers = {"Authorization": f"Bearer {server.new_token()}", "Content-Type": "application/json"}
    sessions = threading.local()

    def send(number: int) -> None:
        if not hasattr(sessions, "session"):
            sessions.session = requests.Session()
        key = {"Idempotency-Key": f"ceiling-{at_once}-{number}"} if keyed else {}
        response = sessions.session.post(
            f"{server.base_url}/api/v1/predict",
            data=body,
            headers={**headers, **key},
            timeout=60,
        )
        response.raise_for_status()
        response.json()

    started = time.monotonic()
    with ThreadPoolExecutor(at_once) as pool:
        list(pool.map(send, range(CEILING_REQUESTS)))
    return CEILING_REQUESTS * MAX_BATCH_SIZE / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each client; the fastest counts"
    )
    parser.add_argument(
        "--app", choices=list(APPS), action="append", help="only this app (default: all three)"
    )
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="bench-client-"))
    source = directory / "flowers.csv"
    source.write_bytes(flowers_csv(args.rows))
    before = directory / "predict_csv_before.py"
    before.write_bytes(
        subprocess.run(
            ["git", "show", f"{BEFORE}:examples/predict_csv.py"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
        ).stdout
    )
    clients = [
        (f"at {BEFORE}", before, []),
        ("now, --workers 1", CLIENT, ["--workers", "1"]),
        ("now, --workers 2", CLIENT, ["--workers", "2"]),
    ]
    print(
        f"`python -m benchmarks.client {shlex.join(sys.argv[1:])}`: "
        f"a {args.rows:,}-row CSV file, the fastest of {args.runs} run(s) of each client\n"
    )
    print(
        f"| app | client | seconds | rows/s | vs at {BEFORE} | client CPU seconds "
        "| client peak memory (MB) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for app in args.app or list(APPS):
        fastest: dict[str, tuple[float, float, int]] = {}
        with (
            fresh_database("sqlite", directory, f"client-{app}", None) as url,
            ProductionServer(app, url) as server,
        ):
            ceilings = {
                (at_once, keyed): server_ceiling(server, at_once, keyed)
                for at_once, keyed in CEILINGS
            }
            # Round after round of the three clients, each round starting with the next one:
            # a busy moment of the machine falls on one run of each, not on every run of
            # one, and no client always meets the smallest table.
            for round_ in range(args.runs):
                for name, script, options in clients[round_ % 3 :] + clients[: round_ % 3]:
                    output = directory / "out.csv"
                    measured = run_client(
                        script,
                        [str(source), str(output), "--url", server.base_url, *options],
                        server.new_token(),
                    )
                    output.unlink()
                    fastest[name] = min(fastest.get(name, measured), measured)
        baseline = fastest[clients[0][0]][0]
        for name, _, _ in clients:
            seconds, cpu, peak = fastest[name]
            print(
                f"| {app} | {name} | {seconds:.1f} | {args.rows / seconds:,.0f} | "
                f"{baseline / seconds:.2f}x | {cpu:.1f} | {peak / 1e6:.0f} |",
                flush=True,
            )
        for (at_once, keyed), rows_per_second in ceilings.items():
            print(
                f"| {app} | no client: one body, {at_once} at a time, "
                f"{'a key each' if keyed else 'no key'} | | {rows_per_second:,.0f} | "
                f"{rows_per_second * baseline / args.rows:.2f}x | | |",
                flush=True,
            )


if __name__ == "__main__":
    main()
