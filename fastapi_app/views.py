"""The one page: the API documentation at /api/v1/docs, in a minimal base page.

The HTML of the document is `shared_model.api.docs`', the same bytes as in the other apps,
put into a Jinja2 template with Starlette's `Jinja2Templates` (what FastAPI's documentation
uses for HTML). FastAPI's own /docs (Swagger UI from a CDN, with an inline script) is
switched off in `create_app`: the Content-Security-Policy forbids it.

Django counterpart: `api_docs` in django_app/predictions/views.py; Flask counterpart:
`api_docs` in flask_app/views.py.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from shared_model.api.docs import DOCS_PATH, OPENAPI_PATH, api_docs_html
from shared_model.pages.meta import PAGES

from .lifespan import PredictorDep

router = APIRouter()
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


# A page, not an operation of the API: out of FastAPI's generated document, as its own /docs.
@router.api_route(
    DOCS_PATH, methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
async def api_docs(request: Request, predictor: PredictorDep) -> HTMLResponse:
    context = {
        "page": PAGES["api_docs"],
        "docs": Markup(api_docs_html()),
        "predictor": predictor,
        "static": request.app.state.static_url,
        "docs_path": DOCS_PATH,
        "openapi_path": OPENAPI_PATH,
    }
    return templates.TemplateResponse(request, "api_docs.html", context)
