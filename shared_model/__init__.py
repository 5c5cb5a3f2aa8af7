"""Everything about the service that is not about a web framework, written once.

`django_app`, `flask_app` and `fastapi_app` (the API alone) import from here; nothing here
imports a web framework.
Each sub-package is one purpose, so a module's role shows from its path:

- `model/`, the machine learning: `schema` (the features and classes), `validation` (the
  ranges and messages of forms and API), `training` (deterministic training and the model
  card), `artifacts` (the model file, written and read safely), `predictor` (the model loaded
  once per process), `fast_path` (its probabilities in numpy).
- `api/`, the JSON API every app answers alike: `wire` (bodies, content type, size limit,
  error bodies and codes), `idempotency` (the `Idempotency-Key` header's rules), `openapi`
  (the API's document), `docs` (its page for people).
- `pages/`, what the HTML pages show alike: `meta` (titles and descriptions), `errors` (the
  error pages' words), `presentation` (how a prediction is shown and exported), `csv_io`
  (CSV in and out), `dashboard` and `charts` (the dashboard's numbers and SVG charts).
- `web/`, what both web processes do alike: `settings` (the environment), `security`
  (response headers), `static_assets` (hashed, cached static files), `throttling` (login
  lockouts), `tokens` (API tokens), `passwords` (Django's four password rules), `paging`
  (`?page=` and the page size), `times` (ISO 8601 times), `process` (a web process's
  start-up), `engines` (SQLAlchemy's engine setup, for the two SQLAlchemy apps),
  `transactions` (nested blocks as one transaction of a SQLAlchemy session).
- At the top: `demo` (the demo data), `__main__` (`python -m shared_model train | card |
  predict`), `static/` (the stylesheet and icon) and `data/` (the common-passwords list).
"""
