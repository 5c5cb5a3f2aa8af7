"""The FastAPI app's settings: read from the environment once, into a pydantic model.

FastAPI's documentation keeps settings in one pydantic object made at start-up and handed to
what needs it. The values are parsed by `shared_model.web.settings`, as in the other two
apps, so that DEBUG, ALLOWED_HOSTS, DATABASE_URL, SECRET_KEY and HTTPS mean the same thing to
all three: pydantic-settings' own parsing would read some of them differently (a list as
JSON, an unknown flag as an error rather than off).

Django counterpart: django_app/config/settings.py; Flask counterpart: flask_app/config.py
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from shared_model.web.engines import sqlalchemy_url
from shared_model.web.settings import database_url, env_flag, env_list, secret_key
from shared_model.web.static_assets import COLLECTED_DIR


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    debug: bool = False
    # Nothing in the API is signed (no session, no CSRF token), but a deployment is set up
    # as for the other two apps: with DEBUG off, `create_app` refuses to start without one.
    secret_key: str | None = None
    # Any other Host header is refused (400), as Django's ALLOWED_HOSTS; "*" lets all in.
    allowed_hosts: list[str] = ["localhost", "127.0.0.1"]
    # Behind a TLS proxy: HSTS on the requests the proxy says came over https.
    https: bool = False
    database_url: str
    # With DEBUG off the stylesheet is served from here, under content-hashed names
    # (`python -m fastapi_app collect-static` writes them); with DEBUG on, from its source.
    static_root: Path = COLLECTED_DIR / "fastapi"
    hashed_static_urls: bool = True

    @classmethod
    def from_environment(cls) -> Settings:
        debug = env_flag("DEBUG")
        return cls(
            debug=debug,
            secret_key=secret_key(debug=debug),
            allowed_hosts=env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"]),
            https=env_flag("HTTPS"),
            database_url=sqlalchemy_url(database_url("fastapi")),
            hashed_static_urls=not debug,
        )
