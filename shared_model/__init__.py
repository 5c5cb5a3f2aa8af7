"""Everything about the service that is not about a web framework, written once.

Both `django_app` and `flask_app` import from here; nothing here imports a web framework.

- The model: `schema` (the features and classes), `training` (deterministic training and
  the model card), `artifacts` (the model file, written and read safely), `predictor` (the
  model loaded once per process), `fast_path` (its probabilities in numpy), `__main__`
  (`python -m shared_model train | card | predict`).
- Input: `validation` (the ranges and messages of forms and API), `passwords` (Django's
  four password rules), `csv_io` (CSV in and out).
- Output: `http` (the API's wire format and the order of its checks), `errors` (error pages'
  words, the API's error codes), `openapi` (the API's document), `presentation` (how a
  prediction is shown and exported), `pages` (titles and descriptions), `dashboard` and
  `charts` (the dashboard's numbers and SVG charts).
- The rest: `tokens` (API tokens), `security` (response headers), `settings` (the
  environment), `web_process` (a web process's start-up), `demo` (the demo data),
  `static/` (the stylesheet).
"""
