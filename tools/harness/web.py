"""HTTP clients for a running app: a browser-like session for pages, a token client for the API.

They know the contract's URLs and markup (docs/pages.md), never which framework answers:
a form is submitted the way a browser submits it, hidden inputs (the CSRF token, whatever
its name) included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from bs4 import BeautifulSoup, Tag

TIMEOUT = 30
LOGOUT = "/accounts/logout/"


def html(response: requests.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def field_error(soup: BeautifulSoup, name: str) -> str | None:
    """The error shown beside the field `name`, or None."""
    error = soup.find(id=f"{name}-error")
    return error.get_text(" ", strip=True) if error else None


def history_ids(soup: BeautifulSoup) -> list[int]:
    """The prediction ids of a history page's `table.list`, in row order (the `#` column);
    the list of uploads above it (`table.uploads`) is not part of it."""
    ids = []
    for row in soup.select("table.list:not(.uploads) tr"):
        if row.find("td") is None:
            continue
        first = row.find(["td", "th"]).get_text(" ", strip=True)
        match = re.search(r"\d+", first)
        assert match, f"no id in the first cell of a history row: {first!r}"
        ids.append(int(match[0]))
    return ids


class Client:
    """A browser-like session bound to one server; redirects are not followed by default."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", TIMEOUT)
        return self.session.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def location(self, response: requests.Response) -> str:
        """Where a redirect points, as a path with its query (absolute only if off-site)."""
        target = urljoin(response.url, response.headers["Location"])
        if not target.startswith(self.base_url + "/"):
            return target
        return target[len(self.base_url) :]

    def login_redirect_next(self, response: requests.Response) -> str | None:
        """The decoded `next` of a redirect to the login page, or None if it goes elsewhere."""
        if response.status_code != 302:
            return None
        parts = urlsplit(self.location(response))
        if parts.netloc or parts.path != "/accounts/login/":
            return None
        return parse_qs(parts.query).get("next", [None])[0]

    def submit(
        self, path: str, data: dict[str, str], *, field: str | None = None, action: str = ""
    ) -> requests.Response:
        """GET `path`, then POST its form (see `find_form`) as a browser would, hidden
        inputs included, with `data` filled in."""
        page = self.get(path)
        assert page.status_code == 200, f"GET {path} answered {page.status_code}"
        form = find_form(html(page), field=field, action=action)
        fields = {
            hidden["name"]: hidden.get("value", "")
            for hidden in form.find_all("input", type="hidden")
            if hidden.get("name")
        }
        fields.update(data)
        return self.session.post(
            urljoin(page.url, form.get("action") or page.url),
            data=fields,
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def csrf_token(self, path: str) -> tuple[str, str]:
        """(name, value) of the CSRF token in the main form of `path`."""
        form = find_form(html(self.get(path)))
        token = form.find("input", attrs={"type": "hidden", "name": re.compile("csrf")})
        assert token is not None, f"no CSRF input in the form of {path}"
        return token["name"], token["value"]


def find_form(soup: BeautifulSoup, *, field: str | None = None, action: str = "") -> Tag:
    """The form holding an input named `field`, or the one posting to `action`, or else the
    page's main form (`form.stacked`, never the nav's logout form)."""
    forms = soup.find_all("form")
    if action:
        found = [form for form in forms if form.get("action") == action]
    else:
        found = [form for form in forms if form.get("action") != LOGOUT]
        if field:
            found = [form for form in found if form.find(attrs={"name": field})]
        else:
            found = [form for form in found if "stacked" in form.get("class", [])] or found
    assert found, f"no form (field={field!r}, action={action!r}) on the page"
    return found[0]


class Auth:
    """Sign up, log in and log out through the real pages, as a person would."""

    def __init__(self, client: Client):
        self.client = client

    def signup(
        self, username: str, password: str, password2: str | None = None
    ) -> requests.Response:
        return self.client.submit(
            "/accounts/signup/",
            {
                "username": username,
                "password": password,
                "password2": password if password2 is None else password2,
            },
        )

    def login(self, username: str, password: str, next: str | None = None) -> requests.Response:
        path = "/accounts/login/"
        if next is not None:
            path += "?" + urlencode({"next": next})
        return self.client.submit(path, {"username": username, "password": password})

    def logout(self) -> requests.Response:
        return self.client.submit("/predict/", {}, action=LOGOUT)

    def new_token(self) -> str:
        """A new API token, made on the token page and read from `#api-token`."""
        response = self.client.submit("/accounts/token/", {})
        assert response.status_code == 200, f"token page POST answered {response.status_code}"
        shown = html(response).find(id="api-token")
        assert shown is not None, "the token page shows no #api-token after the POST"
        return shown.get_text(strip=True)


class Api:
    """The JSON API with one bearer token (or none); no cookies are ever sent."""

    def __init__(self, base_url: str, token: str | None = None):
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        kwargs.setdefault("timeout", TIMEOUT)
        return requests.request(
            method, urljoin(self.base_url, path), headers=headers, allow_redirects=False, **kwargs
        )

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def predict(self, body) -> requests.Response:
        return self.post("/api/v1/predict", json=body)

    def predict_raw(
        self, body: bytes | str, content_type: str = "application/json"
    ) -> requests.Response:
        if isinstance(body, str):
            body = body.encode("utf-8")
        return self.post("/api/v1/predict", data=body, headers={"Content-Type": content_type})

    def page(self, page: int | str | None = None) -> dict:
        params = {} if page is None else {"page": page}
        response = self.get("/api/v1/predictions", params=params)
        assert response.status_code == 200, f"predictions answered {response.status_code}"
        return response.json()

    def count(self) -> int:
        """How many predictions this token's user has stored."""
        return self.page()["count"]


@dataclass
class Member:
    """A signed-up user: credentials, a signed-in browser session, and (once made) a token."""

    username: str
    password: str
    client: Client
    token: str | None = None
    # Ids of the predictions a fixture made for this member, oldest first.
    predictions: list[int] = field(default_factory=list)

    @property
    def api(self) -> Api:
        assert self.token, "this member has no API token yet"
        return Api(self.client.base_url, self.token)
