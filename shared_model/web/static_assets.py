"""Static files in production, the same answers from both apps: a content hash in every
static URL, a year of caching, and gzip or brotli when the client accepts it.

Both apps serve them with WhiteNoise from a folder that a collect step fills: Django with
`manage.py collectstatic` and WhiteNoise's CompressedManifestStaticFilesStorage (settings.py);
Flask with `flask --app flask_app collect-static` and WhiteNoise around its WSGI app
(flask_app/static_files.py). What both need is here.
"""

from __future__ import annotations

from wsgiref.headers import Headers

from shared_model.web.settings import PROJECT_ROOT, VAR_DIR

# The source of every static file, and where each app's collect step writes its copies.
SOURCE_DIR = PROJECT_ROOT / "shared_model" / "static"
COLLECTED_DIR = VAR_DIR / "static"

# A hashed URL names one version of a file for ever: a changed file gets a new URL.
# A year, not WhiteNoise's ten: RFC 9111 readers and caches are told no more than a year.
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"


def add_cache_headers(headers: Headers, path: str, url: str) -> None:
    """WhiteNoise's `add_headers_function`: the contract's Cache-Control on a hashed file."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = IMMUTABLE_CACHE_CONTROL
