"""Requests per second of `POST /api/v1/predict` on both apps: `python -m benchmarks.http`.

Each app runs under gunicorn with 2 workers on a fresh SQLite database (WAL mode), and a
pool of client threads on 127.0.0.1 sends a fixed number of single predictions, each of
which is validated, predicted and stored. The run stops by itself; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.support.servers import APPS, fresh_database, start_server

FLOWER = {"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}


def hammer(base_url: str, token: str, requests_total: int, clients: int) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    per_client = requests_total // clients

    def client(_: int) -> list[float]:
        latencies = []
        with requests.Session() as session:
            for _ in range(per_client):
                start = time.perf_counter()
                response = session.post(
                    f"{base_url}/api/v1/predict", json={"features": FLOWER}, headers=headers
                )
                latencies.append(time.perf_counter() - start)
                response.raise_for_status()
        return latencies

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = [t for chunk in pool.map(client, range(clients)) for t in chunk]
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="bench-"))
    print(
        f"POST /api/v1/predict, {args.requests} requests from {args.clients} client threads, "
        f"gunicorn -w {args.workers}, SQLite"
    )
    for name, spec in APPS.items():
        with fresh_database("sqlite", directory, f"bench-{name}") as url:
            server = start_server(spec, url, directory, workers=args.workers)
            try:
                server.cli("create-user", "bench", "--password", "bench-password-123")
                token = server.cli("issue-token", "bench").stdout.strip()
                hammer(server.base_url, token, args.clients * 10, args.clients)  # warm up
                result = hammer(server.base_url, token, args.requests, args.clients)
            finally:
                server.stop()
        print(
            f"  {name:7} {result['rps']:7.0f} req/s   p50 {result['p50_ms']:6.1f} ms   "
            f"p95 {result['p95_ms']:6.1f} ms"
        )


if __name__ == "__main__":
    main()
