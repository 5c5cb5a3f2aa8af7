"""Every route of an app, read from the app's own URL map: a path that reaches it, and the
methods it takes.

The contract suite tests the methods of every route (tests/contract/test_http_methods.py)
without knowing which framework answers, so that a route added later is tested too. The
two URL maps are read here, in a process of their own with the server's environment:
`python -m tools.harness.routes django|flask` prints the routes as JSON.

- Flask: `app.url_map` holds each rule and its methods; FastAPI: `app.routes`, Starlette's.
- Django: `get_resolver()` holds the URL patterns. A view's methods are in its decorators
  (`require_http_methods`, `http_method_names`), which keep no list to read, so each view is
  asked directly, with a method no view takes: its 405 names them in `Allow`. The apps check
  the method first, before sign-in (as Flask's router does), so an anonymous request will do.

A path parameter gets a sample value (1 for a number, x otherwise): the apps check the method
before they look the object up, so a missing object does not hide the 405. A sample path
must lead back to its own route, or the listing fails naming it: no route is left out.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

from .servers import COMMAND_SECONDS, REPO_ROOT, Server

# A path parameter, in Flask's spelling (`<int(max=9):id>`) and in Django's (`<int:pk>`).
PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
NUMBER_CONVERTERS = {"int"}
# A path parameter in Starlette's spelling (`{prediction_id:int}`, `{name}`).
STARLETTE_PARAMETER = re.compile(r"\{(\w+)(?::(\w+))?\}")
# A named group of a Django regex pattern, such as the admin's `(?P<app_label>auth|axes)`.
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>([^()]*)\)")
WORDS = re.compile(r"\w+(\|\w+)*")
# Asked of every Django view: no view takes it, so each answers 405 with its `Allow`; and a
# safe method, so the CSRF protection of a view such as LoginView lets it through first.
PROBE_METHOD = "TRACE"


class RouteError(RuntimeError):
    pass


@dataclass(frozen=True)
class Route:
    path: str
    methods: frozenset[str]


def app_routes(server: Server) -> list[Route]:
    """The routes of the app that `server` runs, read with the server's environment."""
    done = subprocess.run(
        [sys.executable, "-m", __name__, server.spec.name],
        cwd=REPO_ROOT,
        env=server.environment,
        capture_output=True,
        text=True,
        timeout=COMMAND_SECONDS,
    )
    if done.returncode != 0:
        raise RouteError(f"listing the routes of {server.spec.name} failed:\n{done.stderr}")
    return [Route(path, frozenset(methods)) for path, methods in json.loads(done.stdout)]


def sample_route(route: str) -> str:
    """A route with a sample value for each of its parameters."""

    def sample(parameter: re.Match) -> str:
        return "1" if parameter[1] in NUMBER_CONVERTERS else "x"

    return PARAMETER.sub(sample, route)


def sample_regex(regex: str) -> str:
    """A path that a Django regex pattern of the simple kind the admin uses matches."""

    def sample(group: re.Match) -> str:
        body = group[2]
        return body.split("|")[0] if WORDS.fullmatch(body) else "x"

    return REGEX_GROUP.sub(sample, regex.removeprefix("^").removesuffix("$"))


def flask_routes() -> dict[str, set[str]]:
    from flask_app import create_app

    app = create_app()
    adapter = app.url_map.bind("localhost")
    routes = {}
    for rule in app.url_map.iter_rules():
        path = sample_route(rule.rule)
        matched, _ = adapter.match(path, method=min(rule.methods), return_rule=True)
        if matched is not rule:
            raise RouteError(f"the sample path {path} of {rule.rule} reaches {matched.rule}")
        # Werkzeug answers a path's methods as one: those of every rule with that path.
        routes.setdefault(path, set()).update(rule.methods)
    return routes


def django_routes() -> dict[str, set[str]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_app.config.settings")
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django.urls import URLResolver, get_resolver, resolve
    from django.urls.resolvers import RegexPattern

    def leaves(patterns: list, prefix: str):
        for pattern in patterns:
            text = str(pattern.pattern)
            regex = isinstance(pattern.pattern, RegexPattern)
            part = sample_regex(text) if regex else sample_route(text)
            if isinstance(pattern, URLResolver):
                yield from leaves(pattern.url_patterns, prefix + part)
            else:
                yield prefix + part, pattern

    routes = {}
    for path, pattern in leaves(get_resolver().url_patterns, "/"):
        match = resolve(path)
        if match.func is not pattern.callback:
            raise RouteError(f"the sample path {path} of {pattern} reaches {match.route}")
        # On a host the servers allow, and anonymous: a view that asks who is signed in
        # before it checks the method then answers its redirect to the login page.
        request = RequestFactory().generic(PROBE_METHOD, path, SERVER_NAME="localhost")
        request.user = AnonymousUser()
        response = match.func(request, *match.args, **match.kwargs)
        if response.status_code != 405 or not response.has_header("Allow"):
            raise RouteError(
                f"{path} answers {response.status_code}, not 405, to a method it does not"
                " take: it should name its methods, and check them first"
            )
        routes[path] = {method.strip() for method in response["Allow"].split(",")}
    return routes


def flask_spelling(parameter: re.Match) -> str:
    """A Starlette path parameter as Flask writes it: `{id:int}` -> `<int:id>`."""
    name, convertor = parameter[1], parameter[2]
    return f"<{convertor}:{name}>" if convertor else f"<{name}>"


def fastapi_routes() -> dict[str, set[str]]:
    from fastapi.routing import iter_route_contexts

    from fastapi_app import create_app

    app = create_app()
    routes = {}
    # FastAPI keeps an included router as one entry of `app.routes`; this walks through it.
    for route in iter_route_contexts(app.routes):
        if route.methods is None:  # not an HTTP route
            continue
        # Starlette writes a parameter `{name:convertor}`, the other two `<convertor:name>`.
        path = sample_route(STARLETTE_PARAMETER.sub(flask_spelling, route.path))
        # Starlette answers a path's methods as one: those of every route with that path.
        routes.setdefault(path, set()).update(route.methods)
    return routes


if __name__ == "__main__":
    listing = {"django": django_routes, "flask": flask_routes, "fastapi": fastapi_routes}[
        sys.argv[1]
    ]()
    print(json.dumps([[path, sorted(methods)] for path, methods in sorted(listing.items())]))
