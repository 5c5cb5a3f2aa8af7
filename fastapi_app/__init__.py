"""The FastAPI app: `create_app()` builds one, from the environment or from a test's settings.

An application factory, served as `uvicorn --factory fastapi_app:create_app` (or gunicorn's
`fastapi_app:create_app()` with uvicorn-worker): the settings first, then the database
engine, the routers, the error handlers and the middleware. What each server process loads
before its first request (the model) is the lifespan's (lifespan.py).

FastAPI's defaults that the contract overrides here: its generated OpenAPI document and its
/docs and /redoc pages are off (the shared document is served, byte for byte, and Swagger UI
needs an inline script); a trailing slash is a 404, not a redirect; DEBUG never turns
Starlette's traceback page on. The rest is in errors.py (the error bodies), api.py (the body,
HEAD) and middleware.py (the headers, the body size limit).

Django counterpart: django_app/config/ (settings.py, urls.py, wsgi.py); Flask counterpart:
flask_app/__init__.py.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from shared_model.api.wire import MAX_BODY_BYTES
from shared_model.web.settings import MISSING_SECRET_KEY

from . import api, errors, static_files, views
from .config import Settings
from .database import make_engine, make_sessionmaker
from .lifespan import lifespan
from .middleware import BodySizeLimit, SecurityHeaders


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app configured from the environment, or from `settings` (tests use this)."""
    settings = settings or Settings.from_environment()
    if not settings.secret_key:
        raise RuntimeError(MISSING_SECRET_KEY)
    app = FastAPI(
        title="Iris prediction API",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    app.include_router(api.router)
    app.include_router(views.router)
    errors.init_app(app, https=settings.https)

    # Each middleware added wraps the ones before: the security headers are outermost, so
    # they reach every answer, the static files' and the refused hosts' included.
    app.add_middleware(BodySizeLimit, limit=MAX_BODY_BYTES)
    app.state.static_url = static_files.init_app(app, settings)
    if "*" not in settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeaders, https=settings.https)
    return app
