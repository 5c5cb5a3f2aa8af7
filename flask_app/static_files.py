"""Static files in production: content-hashed names, a year of caching, gzip and brotli.

Flask serves its static folder itself, with neither hashed names nor compression. With
DEBUG off this module does what Django's CompressedManifestStaticFilesStorage does:
`flask --app flask_app collect-static` copies each file under a name holding a hash of its
content, compresses the copies (WhiteNoise's compressor) and writes a manifest; WhiteNoise,
wrapped around the WSGI app, answers /static/ from that folder; and a `url_defaults` hook
turns every `url_for('static', filename=...)` into the hashed name, so templates stay as
they are. With DEBUG on, Flask serves the source files, unhashed.

Django counterpart: STORAGES, STATIC_ROOT and WHITENOISE_* in django_app/config/settings.py
and Django's `collectstatic`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from shared_model.web import security
from shared_model.web.static_assets import add_cache_headers

MANIFEST = "staticfiles.json"


def collect(source: Path, target: Path) -> int:
    """Fill `target` afresh from `source`: each file as named and under its hashed name,
    both compressed, and the manifest mapping one to the other. Returns the file count."""
    building = target.with_name(f"{target.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    compressor = Compressor(quiet=True)
    paths = {}
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        name = file.relative_to(source).as_posix()
        digest = hashlib.md5(file.read_bytes(), usedforsecurity=False).hexdigest()[:12]
        hashed = f"{name.removesuffix(file.suffix)}.{digest}{file.suffix}"
        for copy in (name, hashed):
            (building / copy).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, building / copy)
            compressor.compress(str(building / copy))
        paths[name] = hashed
    (building / MANIFEST).write_text(json.dumps({"paths": paths}, indent=1), encoding="utf-8")
    # Swapped in at the end, so that a running server never sees a half-written folder.
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    return len(paths)


def init_app(app: Flask) -> None:
    """Hashed URLs and WhiteNoise with DEBUG off (unless a test turns them off)."""
    if not app.config["STATIC_HASHED_URLS"]:
        return
    root = Path(app.config["STATIC_ROOT"])
    manifest = root / MANIFEST
    # None until a collect has run: `flask collect-static` itself creates an app first.
    paths = json.loads(manifest.read_text("utf-8"))["paths"] if manifest.exists() else None

    @app.url_defaults
    def hashed_static_url(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "filename" not in values:
            return
        if paths is None:
            raise RuntimeError(f"no {manifest}: run `flask --app flask_app collect-static`")
        if values["filename"] not in paths:
            raise ValueError(f"Missing static files manifest entry for {values['filename']!r}")
        values["filename"] = paths[values["filename"]]

    def add_headers(headers, path: str, url: str) -> None:
        add_cache_headers(headers, path, url)
        # WhiteNoise answers before Flask, so the after_request hook never sees these
        # responses. HSTS goes with HTTPS=1: behind the TLS proxy every request is https.
        for name, value in security.response_headers(secure=app.config["HTTPS"]).items():
            headers[name] = value

    if paths is None:
        return
    hashed_urls = {f"/static/{name}" for name in paths.values()}
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=root,
        prefix="static/",
        # As Django's WhiteNoise: an unhashed name may change, so it is cached one minute.
        max_age=60,
        immutable_file_test=lambda path, url: url in hashed_urls,
        add_headers_function=add_headers,
    )
