"""A soak: both apps under mixed traffic for a long while: `make soak` (QUICK=1 for a try).

Each app runs under gunicorn with 2 workers (as the README runs it) on a fresh SQLite
database. Client threads mix the API (single predictions, batches of 10, history pages,
health) with the pages (history, dashboard) for SOAK_SECONDS (600; 30 with QUICK=1), while
the workers' resident memory is sampled every few seconds. It reports errors, the rows
stored against the acknowledged ones, and the memory of the workers at the first sample
after warm-up and at the end; it exits non-zero on any error, on rows != acknowledged, or
on a worker growing by more than MEMORY_GROWTH_LIMIT. A benchmark, not a test: it takes
ten minutes and its numbers depend on the machine.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

from tools.harness.samples import PASSWORD, unique_username
from tools.harness.servers import PAGE_APPS, fresh_database, start_server
from tools.harness.web import Auth, Client

FLOWER = {"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}
BATCH = 10
CLIENTS = 4
SAMPLE_SECONDS = 5
# Growth allowed between the first sample after warm-up and the last: allocator noise and
# caches filling, not a leak, which grows with every request.
MEMORY_GROWTH_LIMIT = 0.10
RESULTS = Path("var") / "soak.json"


def worker_rss_kib(master_pid: int) -> dict[int, int]:
    """Resident memory (KiB) of each gunicorn worker: the children of the master process."""
    sizes = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master_pid):
            sizes[int(status.parent.name)] = int(fields["VmRSS"].split()[0])
    return sizes


class Traffic:
    """CLIENTS threads sending a mix of requests until stopped."""

    def __init__(self, base_url: str, token: str, page_client: Client):
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.page_client = page_client
        self.statuses: Counter[str] = Counter()
        self.acknowledged = 0
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def _one(
        self, session: requests.Session, pages: requests.Session, turn: int
    ) -> tuple[str, requests.Response, int]:
        api = f"{self.base_url}/api/v1"
        kind = turn % 6
        if kind in (0, 1):
            response = session.post(
                f"{api}/predict", json={"features": FLOWER}, headers=self.headers
            )
            return "predict", response, 1
        if kind == 2:
            body = {"instances": [FLOWER] * BATCH}
            return "batch", session.post(f"{api}/predict", json=body, headers=self.headers), BATCH
        if kind == 3:
            return "list", session.get(f"{api}/predictions?page=2", headers=self.headers), 0
        if kind == 4:
            return "health", session.get(f"{api}/health"), 0
        path = "/dashboard/" if turn % 12 == 5 else "/predictions/"
        return "page", pages.get(f"{self.base_url}{path}", allow_redirects=False), 0

    def _run(self, number: int) -> None:
        turn = number
        # A session per thread (requests' sessions are not thread-safe), each connection used
        # once: a kept-alive connection that the server closes as the client reuses it would
        # be counted as an error of the app's.
        with requests.Session() as session, requests.Session() as pages:
            pages.cookies.update(self.page_client.session.cookies)
            for each in (session, pages):
                each.headers["Connection"] = "close"
            while not self._stop.is_set():
                turn += 1
                try:
                    kind, response, rows = self._one(session, pages, turn)
                except requests.RequestException as error:
                    with self._lock:
                        self.errors.append(f"no answer: {error}")
                    continue
                with self._lock:
                    self.statuses[f"{kind} {response.status_code}"] += 1
                    if response.status_code == 200:
                        self.acknowledged += rows
                    else:
                        self.errors.append(f"{kind}: {response.status_code}")

    def run_for(self, seconds: float, sample) -> None:
        threads = [threading.Thread(target=self._run, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                time.sleep(min(SAMPLE_SECONDS, max(0, deadline - time.monotonic())))
                sample()
        finally:
            self._stop.set()
            for thread in threads:
                thread.join()


def soak(app: str, seconds: float, directory: Path) -> dict:
    with fresh_database("sqlite", directory, f"soak-{app}") as url:
        server = start_server(PAGE_APPS[app], url, directory, workers=2)
        try:
            username = unique_username("soak")
            client = Client(server.base_url)
            Auth(client).signup(username, PASSWORD)
            token = Auth(client).new_token()
            traffic = Traffic(server.base_url, token, client)
            samples: list[dict[int, int]] = []
            started = time.monotonic()
            traffic.run_for(seconds, lambda: samples.append(worker_rss_kib(server.process.pid)))
            elapsed = time.monotonic() - started
            stored = requests.get(
                f"{server.base_url}/api/v1/predictions",
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            ).json()["count"]
        finally:
            server.stop()
    # The first samples include the workers' warm-up (imports, the model, first queries).
    baseline = samples[min(2, len(samples) - 1)]
    final = samples[-1]
    growth = {pid: (final[pid] - baseline[pid]) / baseline[pid] for pid in final if pid in baseline}
    requests_done = sum(traffic.statuses.values())
    return {
        "app": app,
        "seconds": round(elapsed, 1),
        "requests": requests_done,
        "requests_per_second": round(requests_done / elapsed, 1),
        "answers": dict(sorted(traffic.statuses.items())),
        "errors": len(traffic.errors),
        "first_errors": traffic.errors[:5],
        "acknowledged_rows": traffic.acknowledged,
        "stored_rows": stored,
        "worker_rss_mib_after_warmup": sorted(round(kib / 1024, 1) for kib in baseline.values()),
        "worker_rss_mib_at_end": sorted(round(kib / 1024, 1) for kib in final.values()),
        "worst_worker_growth": round(max(growth.values(), default=0.0), 3),
    }


def main() -> int:
    quick = os.environ.get("QUICK", "").strip() not in ("", "0")
    seconds = float(os.environ.get("SOAK_SECONDS") or (30 if quick else 600))
    directory = Path(tempfile.mkdtemp(prefix="soak-"))
    print(f"soak: each app for {seconds:.0f} s, {CLIENTS} client threads, gunicorn -w 2, SQLite")
    results = []
    for app in PAGE_APPS:
        result = soak(app, seconds, directory)
        results.append(result)
        print(json.dumps(result, indent=2), flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    failed = [
        result["app"]
        for result in results
        if result["errors"]
        or result["stored_rows"] != result["acknowledged_rows"]
        or result["worst_worker_growth"] > MEMORY_GROWTH_LIMIT
    ]
    if failed:
        print(f"soak failed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
