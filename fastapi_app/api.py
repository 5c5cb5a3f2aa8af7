"""The JSON API under /api/v1/: a router of path operations, FastAPI's dependencies giving
each one its database session, the predictor and, where a token is needed, the user.

The answers follow the contract, not FastAPI's defaults, in three places. The predict body
is read as bytes and checked by `shared_model.api.wire` and the shared validation, not by a
pydantic body model: FastAPI would answer 422 where the contract says 415 or 400, and would
accept NaN. Each endpoint returns its JSON ready-made (`JSONResponse`), built by the wire
format's functions, so FastAPI neither re-encodes nor validates it. And a GET route names
HEAD too, which FastAPI, unlike Starlette and the other two frameworks, does not add by
itself. The order of the checks: the router (404, 405), the token (401), the body's size
(413, middleware.py), its content type (415), its JSON (400), its validation (400, or 413).
With an `Idempotency-Key` header (a `Header` parameter), `predict` goes through
idempotency.py, which stores it once.
Refusals are raised, and answered by errors.py. The endpoints that query the database are
plain `def`, which FastAPI runs in its thread pool: docs/fastapi.md measures them against
`async def` ones.

Django counterpart: django_app/predictions/api.py; Flask counterpart: flask_app/api.py
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from shared_model.api.idempotency import HEADER as IDEMPOTENCY_KEY
from shared_model.api.openapi import OPENAPI_JSON
from shared_model.api.wire import page_json, prediction_json, read_prediction_body
from shared_model.model.predictor import Predictor
from shared_model.web.paging import api_page_value

from . import idempotency, selectors, services
from .auth import CurrentUser
from .database import SessionDep
from .lifespan import PredictorDep
from .models import Prediction, User
from .services import StoredPrediction

router = APIRouter(prefix="/api/v1")
SAFE = ["GET", "HEAD"]


async def request_body(request: Request) -> bytes:
    """The whole body, read on the event loop before the endpoint's thread runs; the body
    size limit (middleware.py) refuses it as it comes in."""
    return await request.body()


def _prediction_json(prediction: Prediction | StoredPrediction) -> dict:
    return prediction_json(
        id=prediction.id,
        label=prediction.label,
        probabilities=prediction.probabilities,
        warnings=prediction.warnings,
        model_version=prediction.model_version,
        created_at=prediction.created_at,
    )


@router.api_route("/health", methods=SAFE)
def health(session: SessionDep, predictor: PredictorDep) -> JSONResponse:
    try:
        session.execute(select(1))
    except SQLAlchemyError:
        body = {"status": "unavailable", "model_version": predictor.version}
        return JSONResponse({**body, "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "model_version": predictor.version, "database": "ok"})


@router.api_route("/model", methods=SAFE)
async def model_card(predictor: PredictorDep) -> JSONResponse:
    return JSONResponse(predictor.card)


@router.api_route("/openapi.json", methods=SAFE)
async def openapi() -> Response:
    return Response(OPENAPI_JSON, media_type="application/json")


@router.post("/predict")
def predict(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    predictor: PredictorDep,
    body: Annotated[bytes, Depends(request_body)],
    idempotency_keys: Annotated[list[str] | None, Header(alias=IDEMPOTENCY_KEY)] = None,
) -> Response:
    def store_and_answer() -> JSONResponse:
        return _predict(request, user=user, session=session, predictor=predictor, body=body)

    if idempotency_keys is not None:
        # A repeated header is one key of its values joined, as a WSGI server joins them
        # for Django and Flask; a `str` parameter would take the first value alone.
        key = ",".join(idempotency_keys)
        return idempotency.predict_once(
            session=session, user=user, key=key, body=body, predict=store_and_answer
        )
    return store_and_answer()


def _predict(
    request: Request, *, user: User, session: Session, predictor: Predictor, body: bytes
) -> JSONResponse:
    # The body's shape here; its values in the service, which validates them once.
    kind, payload = read_prediction_body(body, request.headers.get("content-type"))
    if kind == "single":
        prediction = services.prediction_create(
            session=session, predictor=predictor, user=user, features=payload
        )
        return JSONResponse(_prediction_json(prediction))
    predictions = services.prediction_batch_create(
        session=session, predictor=predictor, user=user, instances=payload
    )
    return JSONResponse(
        {
            "predictions": [_prediction_json(prediction) for prediction in predictions],
            "model_version": predictor.version,
        }
    )


def page_value(request: Request, page: Annotated[str | None, Query()] = None) -> str | None:
    """`?page=` as the OpenAPI document allows it, read from every value the query gives, as
    the other two apps read it (shared_model.web.paging); a ValidationError naming `page`
    otherwise (errors.py: 400). Declared as a string, so that FastAPI knows the parameter;
    its own `Query(ge=1)` on an int would take the last of two values and accept `+1` or
    ` 1`, which Django and Flask refuse."""
    return api_page_value(request.query_params.getlist("page"))


@router.api_route("/predictions", methods=SAFE)
def prediction_list(
    user: CurrentUser, session: SessionDep, page: Annotated[str | None, Depends(page_value)]
) -> JSONResponse:
    found = selectors.prediction_page_for_user(session=session, user=user, page=page)
    return JSONResponse(
        page_json(
            count=found.count,
            page=found.page,
            pages=found.pages,
            results=[_prediction_json(prediction) for prediction in found.predictions],
        )
    )
