"""The Flask app: `create_app()` builds one, from the environment or from a test's settings.

An application factory, as in the Flask tutorial: configuration first, then the extensions,
the blueprints and the commands. `flask --app flask_app ...` calls it for every command;
the web process (gunicorn, `flask run`) builds its app in flask_app/wsgi.py, which then
loads the model.

Django counterpart: django_app/config/ (settings.py, urls.py, wsgi.py) and
django_app/predictions/apps.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from shared_model.pages.meta import PAGES
from shared_model.web import security
from shared_model.web.engines import configure_sqlite
from shared_model.web.settings import MISSING_SECRET_KEY
from shared_model.web.static_assets import SOURCE_DIR
from shared_model.web.times import isoformat

from . import admin, api, auth, cli, errors, outages, static_files, views
from .config import Config
from .extensions import csrf, db, get_predictor, login_manager, migrate


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """A new app configured from the environment; `config` overrides it (tests use this)."""
    # No static folder yet: Flask would add its route before the configuration is read.
    app = Flask(__name__, static_folder=None)
    app.config.from_object(Config())
    if config is not None:
        app.config.from_mapping(config)
    if not app.config["SECRET_KEY"]:
        raise RuntimeError(MISSING_SECRET_KEY)
    # Flask's own static route, added now, so that PROVIDE_AUTOMATIC_OPTIONS applies to it too.
    app.static_folder = SOURCE_DIR
    app.add_url_rule("/static/<path:filename>", "static", app.send_static_file)

    # The model card keeps its own key order in JSON, as the Django app's answers do.
    app.json.sort_keys = False

    db.init_app(app)
    with app.app_context():
        # WAL, the busy timeout and IMMEDIATE transactions, as the FastAPI app's engine.
        configure_sqlite(db.engine)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    # Before CSRFProtect's hook, which reads the body: an upload may be larger than an API body.
    app.before_request(views.raise_upload_limit)
    csrf.init_app(app)
    _init_proxies(app)
    _init_security_headers(app)
    static_files.init_app(app)

    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    app.session_interface = api.SessionInterface()
    admin.init_app(app)
    outages.init_app(app)
    cli.init_app(app)
    _init_templates(app)
    return app


def _init_proxies(app: Flask) -> None:
    """Believe the proxies in front, and only them: the client's address from the last
    PROXY_COUNT entries of X-Forwarded-For (the login throttle counts per address), and
    with HTTPS=1 the TLS proxy's X-Forwarded-Proto (Django: SECURE_PROXY_SSL_HEADER)."""
    x_for, x_proto = app.config["PROXY_COUNT"], int(app.config["HTTPS"])
    if x_for or x_proto:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto)


def _init_security_headers(app: Flask) -> None:
    """The headers of shared_model.web.security on every response, error pages included.

    A hook of a few lines rather than an extension: the values live in shared_model, the
    same ones Django's middleware sends, and `setdefault` lets a view choose its own.
    """
    https = app.config["HTTPS"]
    # Built once: the values never change while the app runs.
    plain = security.response_headers(secure=False)
    secure = security.response_headers(secure=True)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # HSTS only over https, as Django's SecurityMiddleware: the apps never redirect.
        for name, value in (secure if https and request.is_secure else plain).items():
            response.headers.setdefault(name, value)
        return response


def _init_templates(app: Flask) -> None:
    """What every template may use: the model (the footer names it), the pages' titles and
    descriptions, and three filters."""

    @app.context_processor
    def inject_predictor() -> dict:
        return {"predictor": get_predictor(), "pages": PAGES}

    @app.template_filter()
    def percent(value: float | None) -> str:
        """0.9111 → "91.1%"; None (nothing measured yet) → "—"."""
        return "—" if value is None else f"{value:.1%}"

    @app.template_filter()
    def iso(moment: datetime) -> str:
        """The machine-readable time of a `<time>` element: ISO 8601 with the UTC offset."""
        return isoformat(moment)

    @app.template_filter()
    def utc(moment: datetime, format: str = "%Y-%m-%d %H:%M") -> str:
        """A moment as UTC wall time; SQLite hands back naive datetimes, which are UTC."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime(format)
