"""PostgreSQL for the harness: its binaries, databases made and dropped, servers of one's own.

`postgres_bin()` finds the newest server binaries of Debian's package under
/usr/lib/postgresql/*/bin (`make doctor` reports them; a `Cluster` runs them).
`create_database` and `drop_database` work on any server given by an admin URL (a role that
may create databases): TEST_POSTGRES_URL, a developer's DATABASE_URL, or a cluster's.
`Cluster` is a server of a caller's own, the same steps as `.ci/run`: `initdb` in a
temporary directory, `pg_ctl start` on a free port of 127.0.0.1 (as the `postgres` user when
run as root), which a test of outages may stop and start again. `server_url()` gives the
bench TEST_POSTGRES_URL when set, else a cluster of the run's own.

At import, the standard library only: `make doctor` imports `postgres_bin` with the system's
python3, before `.venv` exists. psycopg is imported where a server is talked to.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from tools.harness.ports import free_port

PG_LIB = Path("/usr/lib/postgresql")
MISSING = f"no PostgreSQL server binaries under {PG_LIB}/*/bin (apt-get install postgresql)"


def _version(binaries: Path) -> tuple[int, ...]:
    """/usr/lib/postgresql/15/bin -> (15,), so that 15 comes after 9.6."""
    return tuple(int(part) for part in binaries.parent.name.split(".") if part.isdigit())


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries on this machine, or None."""
    found = [initdb.parent for initdb in PG_LIB.glob("*/bin/initdb")]
    return max(found, key=_version, default=None)


def _execute(admin_url: str, statement: str, database: str) -> None:
    """Run `statement` with `database` quoted in as its identifier, outside a transaction."""
    import psycopg
    from psycopg import sql

    # libpq knows `postgresql://`, not SQLAlchemy's driver suffix.
    libpq_url = admin_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(libpq_url, autocommit=True) as admin:
        admin.execute(sql.SQL(statement).format(sql.Identifier(database)))


def create_database(admin_url: str, name: str) -> str:
    """A new, empty database `name` on the server of `admin_url`; returns its URL."""
    _execute(admin_url, "CREATE DATABASE {}", name)
    return urlsplit(admin_url)._replace(path=f"/{name}").geturl()


def drop_database(admin_url: str, name: str) -> None:
    """Drop the database `name`, ending the connections still open to it."""
    _execute(admin_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


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
        # fsync off, as in .ci/run: the data is thrown away, and tests measure the apps.
        self._run(
            str(self.binaries / "pg_ctl"),
            "-D", str(self.directory / "data"),
            "-l", str(self.directory / "server.log"),
            "-w",
            "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip

    def create_database(self, name: str) -> str:
        """A new database of this cluster; returns its URL."""
        return create_database(self.url, name)

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


@contextlib.contextmanager
def server_url() -> Iterator[str]:
    """An admin URL: TEST_POSTGRES_URL when set (CI's server), else that of a cluster started
    for the block, stopped and deleted when it ends."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        yield url
        return
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError(MISSING)
    cluster = Cluster(binaries)
    try:
        yield cluster.create().url
    finally:
        cluster.destroy()
