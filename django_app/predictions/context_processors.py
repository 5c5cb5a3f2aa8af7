"""Puts the loaded model in every template's context: the footer names its version.

Flask counterpart: the context processor registered in flask_app/__init__.py.
"""

from shared_model.predictor import get_predictor


def predictor(request):
    return {"predictor": get_predictor()}
