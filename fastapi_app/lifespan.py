"""The app's lifespan: what each server process loads before its first request, and the
dependency that hands it to the endpoints.

FastAPI's documentation loads a machine-learning model exactly so: in the `lifespan`, once
per process, before the server answers; here it is the shared predictor, whose missing or
corrupt artifact stops start-up with one message naming the file and the command that
rebuilds it. Yielded as the lifespan's state, it reaches every request as `request.state`;
the commands, which never start the lifespan, load it themselves.

Django counterpart: django_app/config/wsgi.py; Flask counterpart: `create_app` in
flask_app/__init__.py (and `get_predictor` in flask_app/extensions.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from shared_model.model import predictor
from shared_model.model.predictor import Predictor
from shared_model.web.process import freeze_startup_objects


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict]:
    loaded = predictor.get_predictor()
    # Everything loaded by now lives as long as the process: out of the garbage collector's
    # way (once per process).
    freeze_startup_objects()
    yield {"predictor": loaded}
    app.state.engine.dispose()


async def get_predictor(request: Request) -> Predictor:
    # `async def`: FastAPI runs a plain `def` dependency in its thread pool, a hop for nothing.
    return request.state.predictor


PredictorDep = Annotated[Predictor, Depends(get_predictor)]
