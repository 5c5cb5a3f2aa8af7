"""What every template may use: the loaded model (the footer names its version) and the
pages' titles and descriptions from shared_model.pages.

Flask counterpart: the context processor registered in flask_app/__init__.py.
"""

from __future__ import annotations

from django.http import HttpRequest

from shared_model.pages import PAGES
from shared_model.predictor import get_predictor


def predictor(request: HttpRequest) -> dict:
    return {"predictor": get_predictor()}


def pages(request: HttpRequest) -> dict:
    return {"pages": PAGES}
