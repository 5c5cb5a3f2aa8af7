"""Static files as a production site serves them, DEBUG off, gunicorn alone: every static
URL in a page names one version of the file (a content hash), is cached for a year, and
comes compressed when the client accepts it."""

from __future__ import annotations

import re

import pytest

from shared_model.web.static_assets import IMMUTABLE_CACHE_CONTROL
from tests.contract.expect import SECURITY_HEADERS
from tools.harness.web import html

# site.css -> site.a09487b8ef4a.css: the name, a hash of the content, the extension.
HASHED = re.compile(r"^(?P<stem>/static/.+)\.(?P<hash>[0-9a-f]{8,})(?P<suffix>\.\w+)$")
# Every app has the API docs page; the others are pages of an app with pages.
ANONYMOUS_PAGES = [
    *(
        pytest.param(path, marks=pytest.mark.pages)
        for path in ["/", "/accounts/login/", "/accounts/signup/"]
    ),
    "/api/v1/docs",
]
SIGNED_IN_PAGES = ["/predict/", "/predictions/", "/dashboard/", "/accounts/token/"]


def static_urls(response) -> list[str]:
    soup = html(response)
    urls = [tag.get("href") or tag.get("src") for tag in soup.select("[href], [src]")]
    return sorted({url for url in urls if url.startswith("/static/")})


@pytest.fixture
def stylesheet(client):
    """The hashed URL of the stylesheet, as the API docs page (in every app) links it."""
    return html(client.get("/api/v1/docs")).select_one("link[rel=stylesheet]")["href"]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_every_static_url_on_an_anonymous_page_carries_a_content_hash(client, path):
    urls = static_urls(client.get(path))

    assert urls, "the page links no static file"
    assert all(HASHED.match(url) for url in urls), urls


@pytest.mark.pages
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_every_static_url_on_a_signed_in_page_carries_a_content_hash(member, path):
    urls = static_urls(member.client.get(path))

    assert urls, "the page links no static file"
    assert all(HASHED.match(url) for url in urls), urls


def test_a_hashed_url_serves_the_file_it_names(client, stylesheet):
    parts = HASHED.match(stylesheet)
    plain = client.get(f"{parts['stem']}{parts['suffix']}", headers={"Accept-Encoding": ""})

    hashed = client.get(stylesheet, headers={"Accept-Encoding": ""})

    assert hashed.status_code == plain.status_code == 200
    assert hashed.content == plain.content
    assert hashed.headers["Content-Type"].startswith("text/css")


def test_a_hashed_url_is_cached_for_a_year_and_never_revalidated(client, stylesheet):
    response = client.get(stylesheet)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE_CACHE_CONTROL


def test_an_unhashed_url_is_not_cached_for_long(client, stylesheet):
    parts = HASHED.match(stylesheet)

    response = client.get(f"{parts['stem']}{parts['suffix']}")

    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_a_static_file_gets_the_security_headers(client, stylesheet):
    response = client.get(stylesheet)

    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_static_file_comes_compressed_when_the_client_accepts_it(client, stylesheet, encoding):
    identity = client.get(stylesheet, headers={"Accept-Encoding": "identity"})

    compressed = client.get(stylesheet, headers={"Accept-Encoding": encoding})

    assert "Content-Encoding" not in identity.headers
    assert compressed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in compressed.headers.get("Vary", "")
    assert int(compressed.headers["Content-Length"]) < len(identity.content)
    # requests decodes the body: the same stylesheet, whichever way it travelled.
    assert compressed.content == identity.content
