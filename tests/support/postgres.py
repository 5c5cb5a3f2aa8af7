"""A PostgreSQL server of a test's own, which the test may stop and start again.

The contract suite's servers share one PostgreSQL server (TEST_POSTGRES_URL), which a test
must never stop. A test of outages starts its own cluster instead, from Debian's binaries
under /usr/lib/postgresql/*/bin, as `.ci/run` does, in a temporary directory; `require()`
finds them or, in CI (`CI` set), fails loudly: a fault test that silently skips proves nothing.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support.servers import free_port

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def postgres_bin() -> Path | None:
    """The newest PostgreSQL binaries on this machine, or None."""
    found = sorted(
        glob.glob(PG_BIN_GLOB),
        key=lambda path: [int(p) for p in path.split("/")[-2].split(".") if p.isdigit()],
    )
    return Path(found[-1]) if found else None


def require() -> Path:
    """The binaries; without them a skip with its reason, or a failure in CI."""
    binaries = postgres_bin()
    if binaries is None or not (binaries / "initdb").exists():
        reason = f"no PostgreSQL server binaries under {PG_BIN_GLOB} (apt-get install postgresql)"
        if in_ci():
            pytest.fail(f"CI must run the outage tests: {reason}")
        pytest.skip(reason)
    return binaries


class Cluster:
    """A throwaway cluster on a free port of 127.0.0.1, with trust authentication."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.directory = Path(tempfile.mkdtemp(prefix="iris-pg-"))
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str) -> None:
        # initdb and the server refuse to run as root: run them as the postgres user then.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *argv], check=True, capture_output=True, timeout=120)

    def create(self) -> Cluster:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self._run(
            str(self.binaries / "initdb"),
            "-D", str(self.directory / "data"),
            "-U", "postgres", "-A", "trust", "--no-sync",
        )  # fmt: skip
        self.start()
        return self

    def start(self) -> None:
        self._run(
            str(self.binaries / "pg_ctl"),
            "-D", str(self.directory / "data"),
            "-l", str(self.directory / "server.log"),
            "-w",
            "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` ends every connection at once, as an outage does."""
        self._run(
            str(self.binaries / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-m",
            mode,
            "-w",
            "stop",
        )

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)
