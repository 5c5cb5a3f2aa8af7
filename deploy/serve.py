"""`make serve-django`, `make serve-flask` and `make serve-fastapi`: one app as the README
runs it in production.

DEBUG off; PORT (the public port, default 8000 for Django, 5000 for Flask, 8001 for FastAPI),
HOST (default 127.0.0.1), DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, HTTPS and WEB_CONCURRENCY
from the environment. It migrates the database, collects the static files (hashed,
compressed, into var/static/), starts gunicorn (deploy/gunicorn.conf.py) on a private local
port, waits until gunicorn listens, then runs nginx (deploy/nginx.conf) in the foreground on
PORT from a temporary prefix. Ctrl-C or SIGTERM stops both, and it stops the other when
either exits.

The FastAPI app runs under the same gunicorn with uvicorn's worker class (the uvicorn-worker
package, uvicorn's own `uvicorn.workers` being deprecated) rather than `uvicorn --workers N`,
which FastAPI's documentation offers too: one process manager for the three apps, with
gunicorn's worker timeout (a worker whose event loop is stuck is killed and replaced; uvicorn's
supervisor only replaces one that died), its graceful shutdown and the same settings file.
Each worker is an event loop that serves many connections; nginx in front still buffers the
slow clients and refuses oversized bodies, as for the others.

    SECRET_KEY=... DATABASE_URL=postgresql://... PORT=8000 make serve-django
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from shared_model.api.wire import error_body  # noqa: E402
from shared_model.web.security import response_headers  # noqa: E402
from shared_model.web.settings import MISSING_SECRET_KEY  # noqa: E402

APPS = {
    "django": {
        "port": 8000,
        "migrate": [sys.executable, "django_app/manage.py", "migrate", "--no-input"],
        "collect": [sys.executable, "django_app/manage.py", "collectstatic", "--no-input"],
        "wsgi": "django_app.config.wsgi:application",
    },
    "flask": {
        "port": 5000,
        "migrate": [str(BIN / "flask"), "--app", "flask_app", "db", "upgrade"],
        "collect": [str(BIN / "flask"), "--app", "flask_app", "collect-static"],
        "wsgi": "flask_app.wsgi:app",
    },
    "fastapi": {
        "port": 8001,
        "migrate": [sys.executable, "-m", "fastapi_app", "migrate"],
        "collect": [sys.executable, "-m", "fastapi_app", "collect-static"],
        # An ASGI app: gunicorn's target, served by uvicorn's worker class.
        "wsgi": "fastapi_app:create_app()",
        "worker_class": "uvicorn_worker.UvicornWorker",
    },
}
STARTUP_SECONDS = 60
STOP_SECONDS = 25


class Stop(Exception):
    """SIGTERM, turned into an exception so that `finally` stops the children."""


def _raise_stop(signum, frame):
    raise Stop


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    sys.exit(f"gunicorn did not listen on port {port} within {STARTUP_SECONDS} s")


def nginx_config(prefix: Path, listen: str, upstream: str) -> Path:
    """deploy/nginx.conf with its @NAMES@ filled in, written into `prefix`."""
    headers = "\n".join(
        f'            add_header {name} "{value}" always;'
        for name, value in response_headers(secure=False).items()
    )
    values = {
        "PREFIX": str(prefix),
        "LISTEN": listen,
        "UPSTREAM": upstream,
        "SECURITY_HEADERS": headers,
        "TOO_LARGE_BODY": json.dumps(error_body("too_large")),
    }
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    path = prefix / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


def stop(process: subprocess.Popen | None, signum: int) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signum)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve(app: str) -> int:
    spec = APPS[app]
    environment = {**os.environ, "DEBUG": "0"}
    if not environment.get("SECRET_KEY", "").strip():
        sys.exit(MISSING_SECRET_KEY)
    # nginx appends the client's address to X-Forwarded-For; the app believes that entry.
    environment.setdefault("PROXY_COUNT", "1")
    port = int(environment.get("PORT") or spec["port"])
    host = environment.get("HOST") or "127.0.0.1"

    subprocess.run(spec["migrate"], cwd=ROOT, env=environment, check=True)
    subprocess.run(spec["collect"], cwd=ROOT, env=environment, check=True)

    signal.signal(signal.SIGTERM, _raise_stop)
    prefix = Path(tempfile.mkdtemp(prefix=f"iris-serve-{app}-"))
    # nginx's workers run as an unprivileged user when it starts as root: let them in.
    prefix.chmod(0o755)
    gunicorn = nginx = None
    try:
        upstream_port = free_port()
        settings = ["--config", str(ROOT / "deploy" / "gunicorn.conf.py")]
        if "worker_class" in spec:
            settings += ["--worker-class", spec["worker_class"]]
        bind = ["--bind", f"127.0.0.1:{upstream_port}"]
        gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), *settings, *bind, spec["wsgi"]], cwd=ROOT, env=environment
        )
        wait_for_port(upstream_port, gunicorn)
        config = nginx_config(prefix, f"{host}:{port}", f"127.0.0.1:{upstream_port}")
        nginx = subprocess.Popen(
            ["nginx", "-p", str(prefix), "-c", str(config), "-g", "daemon off;"], cwd=prefix
        )
        print(
            f"{app} on http://{host}:{port}/ (nginx, then gunicorn; DEBUG off). Ctrl-C stops both.",
            flush=True,
        )
        while gunicorn.poll() is None and nginx.poll() is None:
            time.sleep(0.2)
        return 1  # one of them stopped by itself
    except (KeyboardInterrupt, Stop):
        return 0
    finally:
        # nginx first (QUIT: finish the requests in flight), then gunicorn (TERM: graceful).
        stop(nginx, signal.SIGQUIT)
        stop(gunicorn, signal.SIGTERM)
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in APPS:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(APPS)}")
    sys.exit(serve(sys.argv[1]))
