"""The JSON API under /api/v1/: a blueprint of plain views, no REST extension.

Flask's router answers a wrong method (405) before any view runs; OPTIONS is one too, as
on every route of the app (PROVIDE_AUTOMATIC_OPTIONS in config.py: no CORS preflight).
`token_required` then checks the bearer token (401). `predict` goes on with the body's size
(413), its content type (415), its JSON (400) and its validation (400, or 413 for an
oversized batch); `prediction_list` with its `page` (400 unless the OpenAPI document allows
it). With an `Idempotency-Key` header, `predict` goes through idempotency.py, which stores
it once. The wire format (error bodies, prediction JSON) comes from
`shared_model.api.wire`, paging from `shared_model.web.paging`. The whole blueprint is
exempt from CSRF: a session cookie never authenticates it, and `SessionInterface` does not
even open the session of an API request.

Django counterpart: django_app/predictions/api.py
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, Flask, Request, Response, g, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from shared_model.api.idempotency import HEADER as IDEMPOTENCY_KEY
from shared_model.api.openapi import OPENAPI_JSON
from shared_model.api.wire import (
    API_PREFIX,
    WWW_AUTHENTICATE,
    ApiError,
    page_json,
    prediction_json,
    read_prediction_body,
    validation_api_error,
)
from shared_model.model.validation import ValidationError
from shared_model.web.paging import api_page_value
from shared_model.web.tokens import bearer_token

from . import idempotency, selectors, services
from .errors import api_error
from .extensions import db, get_predictor
from .models import Prediction
from .services import StoredPrediction

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except under /api/: a bearer token authenticates the
    API, so its requests get the read-only empty session and never read or set the cookie.

    Flask opens the session of every request before any view runs (Django's is loaded on
    first use), and opening it builds the cookie's signing serializer: work an API request
    would pay for nothing.
    """

    def open_session(self, app: Flask, request: Request):
        if request.path.startswith(API_PREFIX):
            return self.make_null_session(app)
        return super().open_session(app, request)


def token_required(view):
    """Let only a request with a valid bearer token in; `g.api_user` is the token's owner."""

    @wraps(view)
    def endpoint(*args, **kwargs):
        token = bearer_token(request.headers.get("Authorization"))
        g.api_user = services.api_token_authenticate(token=token)
        if g.api_user is None:
            response = api_error("unauthorized")
            response.headers["WWW-Authenticate"] = WWW_AUTHENTICATE
            return response
        return view(*args, **kwargs)

    return endpoint


def _prediction_json(prediction: Prediction | StoredPrediction) -> dict:
    return prediction_json(
        id=prediction.id,
        label=prediction.label,
        probabilities=prediction.probabilities,
        warnings=prediction.warnings,
        model_version=prediction.model_version,
        created_at=prediction.created_at,
    )


@bp.get("/health")
def health():
    version = get_predictor().version
    try:
        db.session.execute(select(1))
    except SQLAlchemyError:
        db.session.rollback()
        body = {"status": "unavailable", "model_version": version, "database": "unavailable"}
        return jsonify(body), 503
    return jsonify({"status": "ok", "model_version": version, "database": "ok"})


@bp.get("/model")
def model_card():
    return jsonify(get_predictor().card)


@bp.get("/openapi.json")
def openapi():
    return Response(OPENAPI_JSON, mimetype="application/json")


@bp.post("/predict")
@token_required
def predict():
    # Reading the body enforces MAX_CONTENT_LENGTH (413 too_large) whatever the content type.
    body = request.get_data(cache=False)
    key = request.headers.get(IDEMPOTENCY_KEY)
    if key is not None:
        return idempotency.predict_once(
            user=g.api_user, key=key, body=body, predict=lambda: _predict(body)
        )
    return _predict(body)


def _predict(body: bytes):
    try:
        # The body's shape here; its values in the service, which validates them once.
        kind, payload = read_prediction_body(body, request.content_type)
        if kind == "single":
            prediction = services.prediction_create(user=g.api_user, features=payload)
            return jsonify(_prediction_json(prediction))
        predictions = services.prediction_batch_create(user=g.api_user, instances=payload)
    except ApiError as error:
        return jsonify(error.body), error.status
    except ValidationError as error:
        refusal = validation_api_error(error)
        return jsonify(refusal.body), refusal.status
    return jsonify(
        {
            "predictions": [_prediction_json(prediction) for prediction in predictions],
            "model_version": get_predictor().version,
        }
    )


@bp.get("/predictions")
@token_required
def prediction_list():
    try:
        page_value = api_page_value(request.args.getlist("page"))
    except ValidationError as error:
        refusal = validation_api_error(error)
        return jsonify(refusal.body), refusal.status
    page = selectors.prediction_page_for_user(user=g.api_user, page=page_value)
    return jsonify(
        page_json(
            count=page.total,
            page=page.page,
            # Flask-SQLAlchemy counts no page for no rows; the contract, the OpenAPI document
            # (`minimum: 1`) and Django's Paginator count one, empty.
            pages=max(page.pages, 1),
            results=[_prediction_json(prediction) for prediction in page],
        )
    )
