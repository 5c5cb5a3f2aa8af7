"""gunicorn's settings for `make serve-django`, `make serve-flask` and `make serve-fastapi`,
behind nginx.

Sync workers are gunicorn's default and the simplest model (one request per process at a
time, no thread-safety questions); they are safe only behind a buffering proxy, which
deploy/nginx.conf is. The FastAPI app's ASGI target gets uvicorn's worker class instead, from
the command line, as do the target and the bind address (deploy/serve.py).
"""

import os

# gunicorn's documentation suggests (2 x cores) + 1; each worker holds the model and a
# database connection, so the default here is small: raise WEB_CONCURRENCY on a bigger host.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# A request that takes longer than this is killed with its worker (nginx answers 502).
timeout = 30
# On SIGTERM, requests in flight get this long to finish.
graceful_timeout = 20
# nginx is the only client and opens a connection per request.
keepalive = 2
# nginx logs every request; gunicorn logs start-up, worker events and errors, to stderr.
accesslog = None
errorlog = "-"
loglevel = "info"
