"""Drive wrk (a C load generator) at one URL and read its report.

wrk sends a POST body only through a Lua script; the one written here also prints, when
the run ends, the numbers the bench needs as one JSON line: requests, answers per status
class, socket errors and latency percentiles (microseconds).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
local f = assert(io.open("{body_path}", "rb"))
wrk.body = f:read("*a")
f:close()

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {{"requests": %d, "seconds": %.6f, "non_2xx": %d, "errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d}}\\n',
    summary.requests, summary.duration / 1e6, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    non_2xx: int
    errors: int
    p50_us: int
    p90_us: int
    p99_us: int

    @property
    def acknowledged(self) -> int:
        """Requests answered with a 2xx: the server said it stored them."""
        return self.requests - self.non_2xx

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("make bench needs wrk: apt-get install wrk (Debian and Ubuntu)")
    return path


def run_wrk(
    url: str, token: str, body: bytes, *, connections: int, seconds: float, workdir: Path
) -> WrkResult:
    """One wrk run: 1 thread, `connections` keep-alive connections, for `seconds`."""
    workdir.mkdir(parents=True, exist_ok=True)
    body_path = workdir / f"body-{len(body)}.json"
    body_path.write_bytes(body)
    script = workdir / "post.lua"
    script.write_text(LUA.format(token=token, body_path=body_path))
    command = [
        require_wrk(),
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            return WrkResult(**json.loads(line.removeprefix("WRK_JSON ")))
    raise RuntimeError(f"wrk printed no summary:\n{output}")
