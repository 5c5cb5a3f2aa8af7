"""The JSON API under /api/v1/: plain function views, no REST framework.

`api_endpoint` does what every endpoint needs, in the contract's order: the method (405),
the bearer token (401), then the view. `predict` goes on with the body's size (413), its
content type (415), its JSON (400) and its validation (400, or 413 for an oversized batch);
`prediction_list` with its `page` (400 unless the OpenAPI document allows it). With an
`Idempotency-Key` header, `predict` goes through idempotency.py, which stores it once. The
wire format (error bodies, prediction JSON) comes from `shared_model.api.wire`, paging from
`shared_model.web.paging`.

Flask counterpart: flask_app/api.py
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from shared_model.api.idempotency import HEADER as IDEMPOTENCY_KEY
from shared_model.api.openapi import OPENAPI_JSON
from shared_model.api.wire import (
    MAX_BODY_BYTES,
    WWW_AUTHENTICATE,
    ApiError,
    page_json,
    prediction_json,
    read_prediction_body,
    validation_api_error,
)
from shared_model.model.predictor import get_predictor
from shared_model.model.validation import ValidationError
from shared_model.web.paging import api_page_value
from shared_model.web.tokens import bearer_token

from . import idempotency, selectors, services
from .errors import api_error
from .models import Prediction

View = Callable[..., HttpResponse]


def api_endpoint(*methods: str, token_required: bool = False) -> Callable[[View], View]:
    """Make a view a JSON endpoint: CSRF-exempt, method-checked and, if asked, token-only.

    With `token_required`, `request.user` is the token's owner: a session cookie alone
    never authenticates an API request.
    """

    def decorator(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                response = api_error("method_not_allowed")
                response["Allow"] = ", ".join(methods)
                return response
            if token_required:
                token = bearer_token(request.headers.get("Authorization"))
                user = services.api_token_authenticate(token=token)
                if user is None:
                    response = api_error("unauthorized")
                    response["WWW-Authenticate"] = WWW_AUTHENTICATE
                    return response
                request.user = user
            return view(request, *args, **kwargs)

        return endpoint

    return decorator


def _prediction_json(prediction: Prediction) -> dict:
    return prediction_json(
        id=prediction.id,
        label=prediction.label,
        probabilities=prediction.probabilities,
        warnings=prediction.warnings,
        model_version=prediction.model_version,
        created_at=prediction.created_at,
    )


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@api_endpoint("GET", "HEAD")
def health(request: HttpRequest) -> JsonResponse:
    version = get_predictor().version
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        body = {"status": "unavailable", "model_version": version, "database": "unavailable"}
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "model_version": version, "database": "ok"})


@api_endpoint("GET", "HEAD")
def model_card(request: HttpRequest) -> JsonResponse:
    return JsonResponse(get_predictor().card)


@api_endpoint("GET", "HEAD")
def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(OPENAPI_JSON, content_type="application/json")


@api_endpoint("POST", token_required=True)
def predict(request: HttpRequest) -> HttpResponse:
    # The declared length is checked before the body is read, so a huge body is never loaded.
    if _declared_length(request) > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
        return api_error("too_large")
    key = request.headers.get(IDEMPOTENCY_KEY)
    if key is not None:
        return idempotency.predict_once(request, key=key, predict=_predict)
    return _predict(request)


def _predict(request: HttpRequest) -> JsonResponse:
    try:
        # The body's shape here; its values in the service, which validates them once.
        kind, payload = read_prediction_body(request.body, request.content_type)
        if kind == "single":
            prediction = services.prediction_create(user=request.user, features=payload)
            return JsonResponse(_prediction_json(prediction))
        predictions = services.prediction_batch_create(user=request.user, instances=payload)
    except ApiError as error:
        return JsonResponse(error.body, status=error.status)
    except ValidationError as error:
        refusal = validation_api_error(error)
        return JsonResponse(refusal.body, status=refusal.status)
    return JsonResponse(
        {
            "predictions": [_prediction_json(prediction) for prediction in predictions],
            "model_version": get_predictor().version,
        }
    )


@api_endpoint("GET", "HEAD", token_required=True)
def prediction_list(request: HttpRequest) -> JsonResponse:
    try:
        page_value = api_page_value(request.GET.getlist("page"))
    except ValidationError as error:
        refusal = validation_api_error(error)
        return JsonResponse(refusal.body, status=refusal.status)
    page = selectors.prediction_page_for_user(user=request.user, page=page_value)
    return JsonResponse(
        page_json(
            count=page.paginator.count,
            page=page.number,
            pages=page.paginator.num_pages,
            results=[_prediction_json(prediction) for prediction in page],
        )
    )
