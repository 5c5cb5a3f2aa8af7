"""What every template may use: the loaded model (the footer names its version) and the
pages' titles and descriptions from shared_model.pages.meta.

Flask counterpart: the context processor registered in flask_app/__init__.py.
"""

from __future__ import annotations

from django.http import HttpRequest

from shared_model.model.predictor import get_predictor
from shared_model.pages.meta import PAGES


def predictor(request: HttpRequest) -> dict:
    return {"predictor": get_predictor()}


def pages(request: HttpRequest) -> dict:
    return {"pages": PAGES}
