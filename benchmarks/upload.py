"""Time to upload a CSV file of 1000 flowers on both apps: `python -m benchmarks.upload`.

Each app runs under gunicorn with 2 workers on a fresh SQLite database. A signed-in member
posts the same 1000-row file to `/predict/upload/` several times; each upload is read,
checked, predicted in one model call and stored in one transaction before the 303 answers.
The times are from the first byte sent to the redirect received, on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from shared_model.model.schema import FEATURE_NAMES
from shared_model.pages.csv_io import SAMPLE_FLOWERS
from tools.harness.samples import PASSWORD, unique_username
from tools.harness.servers import PAGE_APPS, fresh_database, start_server
from tools.harness.web import Auth, Client, html

ROWS = 1000


def flowers_csv(rows: int) -> bytes:
    lines = [",".join(FEATURE_NAMES)]
    lines += [",".join(map(str, SAMPLE_FLOWERS[i % len(SAMPLE_FLOWERS)])) for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def time_uploads(base_url: str, content: bytes, runs: int) -> list[float]:
    client = Client(base_url)
    Auth(client).signup(unique_username("bench"), PASSWORD)
    form = html(client.get("/predict/upload/")).find("form", enctype="multipart/form-data")
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input", type="hidden")}
    files = {"file": ("flowers.csv", content, "text/csv")}
    times = []
    for _ in range(runs + 1):  # the first one warms up
        start = time.perf_counter()
        response = client.post("/predict/upload/", data=fields, files=files)
        times.append(time.perf_counter() - start)
        assert response.status_code == 303, response.status_code
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rows", type=int, default=ROWS)
    args = parser.parse_args()
    content = flowers_csv(args.rows)
    directory = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    print(f"POST /predict/upload/, a {args.rows}-row CSV ({len(content)} bytes), {args.runs} runs")
    for name, spec in PAGE_APPS.items():
        with fresh_database("sqlite", directory, f"upload-{name}") as url:
            server = start_server(spec, url, directory, workers=2)
            try:
                times = time_uploads(server.base_url, content, args.runs)
            finally:
                server.stop()
        print(
            f"  {name:7} median {statistics.median(times) * 1000:6.0f} ms   "
            f"best {min(times) * 1000:6.0f} ms"
        )


if __name__ == "__main__":
    main()
