"""A throwaway PostgreSQL server for the bench, unless TEST_POSTGRES_URL names one.

The same steps as `.ci/run`: `initdb` in a temporary folder, `pg_ctl start` on a free port
of 127.0.0.1 (as the `postgres` user when run as root), a role that may create databases;
everything is stopped and deleted on exit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.servers import free_port


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries installed by Debian's package, if any."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return candidates[-1] if candidates else None


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Yield an admin URL (a role with CREATEDB) of a server started for this run."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    directory = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    data, port = directory / "data", free_port()
    run = {"check": True, "stdout": subprocess.DEVNULL}
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        **run,
    )
    # fsync off, as in .ci/run: the bench compares the apps, not this machine's disk.
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(directory / "server.log"), "-w"]
    subprocess.run(_as_postgres([*ctl, "-o", options, "start"]), **run)
    try:
        subprocess.run(
            _as_postgres(
                [
                    *(str(binaries / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"),
                    *("-q", "-c", "CREATE ROLE bench LOGIN CREATEDB PASSWORD 'bench'"),
                ]
            ),
            **run,
        )
        yield f"postgresql://bench:bench@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([*ctl, "-m", "fast", "stop"]), stdout=subprocess.DEVNULL)
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def postgres_admin_url() -> Iterator[str]:
    """TEST_POSTGRES_URL when set (CI's server), else a throwaway server of our own."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        yield url
        return
    with throwaway_postgres() as url:
        yield url
