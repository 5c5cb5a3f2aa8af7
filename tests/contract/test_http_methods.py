"""HTTP methods: every route answers a method it does not take with 405 and `Allow`, and
answers HEAD as it answers GET.

The routes come from each app's own URL map (tools/harness/routes.py), the data admin's
included, so that a route added later is tested too. Requests go as a signed-in staff
member with a valid CSRF token (in the `X-CSRFToken` header, which both frameworks read): the
contract asks for the 405 once the CSRF check has passed, and neither a redirect to the
login page nor the admin's 403 may hide it.

No route takes OPTIONS, in either app: the service serves no CORS preflight, so OPTIONS is
refused like any other method a route does not take.
"""

from __future__ import annotations

import pytest

from tests.contract.expect import api_error, is_html
from tools.harness.routes import app_routes
from tools.harness.samples import SETOSA_FORM
from tools.harness.web import html

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
SAFE = frozenset({"GET", "HEAD"})
FORM = frozenset({"GET", "HEAD", "POST"})
POST = frozenset({"POST"})

# The contract's routes (with a sample id) and the methods each takes, the same in every app
# that has them: the API's in all three, the pages' in Django and Flask.
API_ROUTES = {
    "/api/v1/health": SAFE,
    "/api/v1/model": SAFE,
    "/api/v1/predict": POST,
    "/api/v1/predictions": SAFE,
    "/api/v1/openapi.json": SAFE,
    "/api/v1/docs": SAFE,
}
PAGE_ROUTES = {
    "/": SAFE,
    "/accounts/signup/": FORM,
    "/accounts/login/": FORM,
    "/accounts/logout/": POST,
    "/accounts/token/": FORM,
    "/predict/": FORM,
    "/predict/upload/": FORM,
    "/predict/upload/sample.csv": SAFE,
    "/uploads/1/": SAFE,
    "/uploads/1/predictions.csv": SAFE,
    "/predictions/": SAFE,
    "/predictions/1/": FORM,
    "/dashboard/": SAFE,
}


@pytest.fixture(scope="session")
def routes(server):
    return app_routes(server)


def csrf_header(client) -> dict[str, str]:
    """A valid CSRF token of `client`'s session (from the login form, which anyone can
    see), as a header that any method can carry."""
    _, token = client.csrf_token("/accounts/login/")
    return {"X-CSRFToken": token}


def allow_header(methods: frozenset[str]) -> str:
    """`Allow` as both apps write it: the methods in alphabetical order."""
    return ", ".join(sorted(methods))


def refusal_problem(response, path: str, methods: frozenset[str]) -> str | None:
    """What is wrong with `response` as the refusal of a method `path` does not take."""
    if response.status_code != 405:
        return f"answered {response.status_code}"
    if response.headers.get("Allow") != allow_header(methods):
        return f"Allow: {response.headers.get('Allow')!r}, not {allow_header(methods)!r}"
    if response.request.method == "HEAD":
        return "a body" if response.content else None
    if path.startswith("/api/v1/"):
        api_error(response, 405, "method_not_allowed")
    elif not is_html(response):
        return f"not the error page but {response.headers.get('Content-Type')!r}"
    return None


def listed(routes) -> dict[str, frozenset[str]]:
    return {route.path: route.methods for route in routes}


def method_problems(client, routes, headers: dict[str, str]) -> list[str]:
    """Each method a route does not take, sent to it, whose answer is not the refusal."""
    problems = []
    for route in routes:
        for method in sorted(set(METHODS) - route.methods):
            response = client.request(method, route.path, headers=headers)
            problem = refusal_problem(response, route.path, route.methods)
            if problem:
                problems.append(f"{method} {route.path}: {problem}")
    return problems


def head_problems(client, routes) -> list[str]:
    """Each route that takes GET whose HEAD does not answer as GET does, without a body."""
    problems = []
    for route in routes:
        if "GET" not in route.methods:
            continue
        get = client.get(route.path)
        head = client.request("HEAD", route.path)
        if (head.status_code, head.content) != (get.status_code, b""):
            problems.append(f"{route.path}: GET {get.status_code}, HEAD {head.status_code}")
    return problems


def api(routes):
    return [route for route in routes if route.path.startswith("/api/")]


def outside_api(routes):
    return [route for route in routes if not route.path.startswith("/api/")]


def test_the_url_map_holds_every_route_of_the_api_with_its_methods(routes):
    assert {path: listed(routes).get(path) for path in API_ROUTES} == API_ROUTES


@pytest.mark.pages
def test_the_url_map_holds_every_page_of_the_contract_with_its_methods(routes):
    assert {path: listed(routes).get(path) for path in PAGE_ROUTES} == PAGE_ROUTES


@pytest.mark.pages
def test_the_url_map_holds_the_data_admin(routes):
    admin = [route for route in routes if route.path.startswith("/admin/")]

    assert len(admin) >= 10, [route.path for route in routes]


def test_no_route_takes_a_method_beyond_get_head_and_post(routes):
    # Forms send GET or POST, and so does every API operation.
    assert [route for route in routes if route.methods - FORM] == []


def test_every_method_an_api_route_does_not_take_is_a_405_with_allow(routes, client):
    # The method comes before the token: no one needs to be signed in.
    assert method_problems(client, api(routes), headers={}) == []


@pytest.mark.pages
def test_every_method_any_other_route_does_not_take_is_a_405_with_allow(routes, staff):
    # Signed in as staff, so that the admin's routes are reached, with a valid CSRF token.
    headers = csrf_header(staff.client)

    assert method_problems(staff.client, outside_api(routes), headers) == []


def test_head_answers_as_get_does_without_a_body_on_the_api(routes, client):
    assert head_problems(client, api(routes)) == []


@pytest.mark.pages
def test_head_answers_as_get_does_without_a_body_on_every_other_route(routes, staff):
    assert head_problems(staff.client, outside_api(routes)) == []


@pytest.mark.parametrize(
    ("method", "path", "taken"),
    [
        ("PUT", "/predict/", FORM),
        ("PATCH", "/predict/upload/", FORM),
        ("DELETE", "/accounts/token/", FORM),
        ("PUT", "/accounts/login/", FORM),
        ("DELETE", "/accounts/logout/", POST),
        ("POST", "/dashboard/", SAFE),
    ],
)
@pytest.mark.pages
def test_a_signed_in_member_with_a_csrf_token_gets_405_for_a_wrong_method(
    member, method, path, taken
):
    before = member.api.count()

    response = member.client.request(
        method, path, data=SETOSA_FORM, headers=csrf_header(member.client)
    )

    assert refusal_problem(response, path, taken) is None
    assert member.api.count() == before
    assert member.client.get("/predict/").status_code == 200, "still signed in"


@pytest.mark.pages
def test_the_method_is_checked_before_sign_in(client):
    # An anonymous visitor with a valid CSRF token (from the login form) is not sent to log
    # in for a method the page does not take.
    response = client.request("PUT", "/predict/", headers=csrf_header(client))

    assert refusal_problem(response, "/predict/", FORM) is None


@pytest.mark.pages
def test_a_wrong_method_on_a_prediction_records_no_feedback(member, setosa):
    path = f"/predictions/{member.api.predict({'features': setosa}).json()['id']}/"

    response = member.client.request(
        "PUT", path, data={"true_label": "virginica"}, headers=csrf_header(member.client)
    )

    assert refusal_problem(response, path, FORM) is None
    assert html(member.client.get(path)).find(attrs={"name": "true_label"}) is not None
