"""What the workshop's checks share: a valid flower of each species, the test password, a
loader for a module kept beside an exercise's checks, and forms posted the way a browser
posts them.

A browser sends a form with its hidden inputs, the CSRF token among them, and the running
apps refuse a form without it (Django: 403, Flask: 400). The checks' test clients enforce
CSRF too (see workshop/conftest.py), so a check posts a page's form with `submit`, which
takes the hidden inputs from the form itself: a form that lacks its token fails the check as
it would fail in the browser. The helpers work with Django's and Flask's test clients alike:
both answer with `status_code`, `headers` and `text`.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from bs4 import BeautifulSoup, Tag

SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
VIRGINICA = {"sepal_length": 6.9, "sepal_width": 3.1, "petal_length": 5.4, "petal_width": 2.1}
PASSWORD = "plum-orchard-42"
# Pages whose form gives a CSRF token to post elsewhere with: signed in, and anonymous.
TOKEN_PAGES = ("/predict/", "/accounts/login/")
# The logout form in every page's header: never the form a check means.
LOGOUT = "/accounts/logout/"


def load_exercise_module(check_file: str, name: str) -> ModuleType:
    """Import `name`.py from the folder of `check_file`: an exercise's folder name
    (`08-test-feedback`) is no Python package name, so its modules are loaded by path."""
    path = Path(check_file).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"workshop_{path.parent.name[:2]}_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def find_form(page: BeautifulSoup, *, action: str | None = None) -> Tag | None:
    """The form posting to `action`, or else the page's first form that is not the logout
    form (a form without `action` posts to its own page)."""
    forms = [form for form in page.find_all("form") if form.get("action") != LOGOUT]
    if action is not None:
        forms = [form for form in forms if form.get("action") == action]
    return forms[0] if forms else None


def hidden_inputs(form: Tag) -> dict[str, str]:
    return {
        field["name"]: field.get("value", "")
        for field in form.find_all("input", type="hidden")
        if field.get("name")
    }


def has_csrf_token(form: Tag) -> bool:
    return any("csrf" in name for name in hidden_inputs(form))


def submit(client, page: str, data: dict, *, action: str | None = None):
    """GET `page`, then POST its form (the one posting to `action`, if given) with `data`
    and the form's hidden inputs, as a browser does. Fails the check, saying what is
    missing, when the page has no such form or the form has no CSRF token."""
    import pytest

    shown = client.get(page)
    if shown.status_code != 200:
        pytest.fail(f"GET {page} answered {shown.status_code}, not the page with its form.")
    form = find_form(html(shown), action=action)
    if form is None:
        pytest.fail(f"{page} has no form" + (f" posting to {action}." if action else "."))
    if not has_csrf_token(form):
        pytest.fail(
            f"The form of {page} has no CSRF token (a hidden input): the running app "
            "refuses it, Django with 403 and Flask with 400. Put {% csrf_token %} (Django) "
            "or {{ form.csrf_token }} / csrf_token() (Flask) inside the <form>."
        )
    return client.post(form.get("action") or page, data={**hidden_inputs(form), **data})


def csrf_token(client) -> dict[str, str]:
    """A valid CSRF token of this client's session, as {input name: value}, taken from the
    predict form, or from the login form when no one is signed in."""
    for page in TOKEN_PAGES:
        response = client.get(page)
        form = find_form(html(response)) if response.status_code == 200 else None
        if form is not None:
            return {name: value for name, value in hidden_inputs(form).items() if "csrf" in name}
    return {}


def send_with_token(client, method: str, path: str, data: dict | None = None):
    """`method` on `path` with a valid CSRF token, as the app's own pages would send it:
    for a POST whose form is on no page the check can reach (another user's prediction),
    or a method the URL does not take, which must get its 405 once CSRF has passed. The
    token goes in the form body and in the X-CSRFToken header both frameworks read."""
    token = csrf_token(client)
    headers = {"X-CSRFToken": next(iter(token.values()), "")}
    send = getattr(client, method.lower())
    if method.upper() == "POST":
        return send(path, data={**token, **(data or {})}, headers=headers)
    return send(path, headers=headers)


def api_call(client, method: str, path: str, token: str, body=None) -> tuple[int, object]:
    """An API request with a bearer token, and a JSON body if given: (status, parsed answer)."""
    headers = {"Authorization": f"Bearer {token}"}
    send = getattr(client, method.lower())
    if body is None:
        response = send(path, headers=headers)
    else:
        data = json.dumps(body)
        response = send(path, data=data, content_type="application/json", headers=headers)
    return response.status_code, json.loads(response.text) if response.text else None


def shown(value) -> str:
    """A value as a failure message shows it: short, on one line."""
    text = repr(value)
    return text if len(text) <= 300 else text[:297] + "..."
