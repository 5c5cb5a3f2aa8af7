"""Reading the environment the same way in both apps.

`DATABASE_URL`, `DEBUG`, `ALLOWED_HOSTS` and `HTTPS` mean the same thing to Django and
to Flask; the parsing lives here once. Each app turns the result into its own settings.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = PROJECT_ROOT / "var"
SQLITE_BUSY_TIMEOUT_SECONDS = 20
# How long a PostgreSQL connection attempt may take (libpq's minimum): an unreachable
# server then costs a request 2 seconds at most, and health answers 503 within them.
POSTGRES_CONNECT_TIMEOUT_SECONDS = 2

_TRUE = {"1", "true", "yes", "on"}


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in _TRUE


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def proxy_count() -> int:
    """`PROXY_COUNT`: how many proxies in front of the app append to X-Forwarded-For (0: none,
    the peer is the client; `make serve-*` sets 1 for its nginx). Only those entries are
    trusted: anything further left was written by the client itself."""
    value = os.environ.get("PROXY_COUNT", "").strip()
    return int(value) if value.isdigit() else 0


def client_address(remote_addr: str | None, forwarded_for: str | None, proxies: int) -> str:
    """The client's address: the peer's, or with `proxies` in front the entry that the
    outermost trusted proxy appended to X-Forwarded-For (as Werkzeug's ProxyFix reads it)."""
    entries = [entry.strip() for entry in (forwarded_for or "").split(",") if entry.strip()]
    if proxies > 0 and len(entries) >= proxies:
        return entries[-proxies]
    return remote_addr or ""


def database_url(app_name: str) -> str:
    """`DATABASE_URL`, or a SQLite file per app under `var/` (created if missing)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    VAR_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{VAR_DIR / f'{app_name}.sqlite3'}"


MISSING_SECRET_KEY = (
    "The SECRET_KEY environment variable is not set. Set it to a long random value "
    "(for example the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
    "or set DEBUG=1 for local development."
)
DEV_SECRET_KEY_FILE = VAR_DIR / "dev-secret-key"


def secret_key(*, debug: bool) -> str | None:
    """`SECRET_KEY` from the environment; in DEBUG only, a local key kept under `var/`.

    The local key is made once per checkout (never committed: `var/` is ignored), so that a
    development server's restart does not sign everybody out. Without DEBUG there is no
    fallback: the caller refuses to start with MISSING_SECRET_KEY.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key or not debug:
        return key or None
    if not DEV_SECRET_KEY_FILE.exists():
        VAR_DIR.mkdir(exist_ok=True)
        DEV_SECRET_KEY_FILE.touch(mode=0o600)
        DEV_SECRET_KEY_FILE.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return DEV_SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
