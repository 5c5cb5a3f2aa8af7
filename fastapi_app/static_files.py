"""Static files in production: content-hashed names, a year of caching, gzip and brotli.

The API docs page links the shared stylesheet and icon, served as the other apps serve them.
Starlette's `StaticFiles` hashes no names and compresses nothing; ServeStatic, WhiteNoise's
fork for ASGI, does both: `python -m fastapi_app collect-static` runs its collect step
(`servestatic --all`: copies under hashed names beside the originals, gzip and brotli copies,
a manifest), and its ASGI middleware serves that folder, every hashed file for a year. With
DEBUG on, it serves the source files under their own names.

Django counterpart: STORAGES, STATIC_ROOT and WHITENOISE_* in django_app/config/settings.py
and `collectstatic`; Flask counterpart: flask_app/static_files.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path

from fastapi import FastAPI
from servestatic import ServeStaticASGI
from servestatic.cli import main as servestatic

from shared_model.web.static_assets import SOURCE_DIR, add_cache_headers

from .config import Settings

MANIFEST = "staticfiles.json"
PREFIX = "/static/"


def collect(target: Path) -> int:
    """Fill `target` afresh from the source folder; returns the number of source files."""
    argv = ["--all", "--copy-original", "--clear", "--quiet", str(SOURCE_DIR), str(target)]
    if servestatic(argv) != 0:
        raise RuntimeError(f"servestatic could not collect {SOURCE_DIR} into {target}")
    return len(json.loads((target / MANIFEST).read_text("utf-8"))["paths"])


def init_app(app: FastAPI, settings: Settings) -> Callable[[str], str]:
    """Serve /static/ (ServeStatic's middleware); returns the function that gives a static
    file's URL: hashed with DEBUG off, as named with DEBUG on.

    Before a collect has run there is nothing to serve, and the docs page, the one page that
    links a static file, fails naming the command, as the other apps' pages do: the API
    itself serves without.
    """
    if not settings.hashed_static_urls:
        app.add_middleware(ServeStaticASGI, root=SOURCE_DIR, prefix=PREFIX, autorefresh=True)
        return lambda name: PREFIX + name
    manifest = settings.static_root / MANIFEST
    if not manifest.exists():
        return partial(_not_collected, manifest)
    paths = json.loads(manifest.read_text("utf-8"))["paths"]
    hashed_urls = {PREFIX + name for name in paths.values()}
    app.add_middleware(
        ServeStaticASGI,
        root=settings.static_root,
        prefix=PREFIX,
        # As the other apps': an unhashed name may change, so it is cached one minute.
        max_age=60,
        immutable_file_test=lambda path, url: url in hashed_urls,
        add_headers_function=add_cache_headers,
    )
    return lambda name: PREFIX + paths[name]


def _not_collected(manifest: Path, name: str) -> str:
    raise RuntimeError(f"no {manifest}: run `python -m fastapi_app collect-static`")
