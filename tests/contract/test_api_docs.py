"""The API documentation page: the OpenAPI document for people, under the strict CSP."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from shared_model.api.docs import api_docs_html
from tests.contract.expect import csp_directives
from tools.harness.web import html

DOCS = "/api/v1/docs"


def test_the_docs_are_a_page_for_anyone(client):
    response = client.get(DOCS)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")


def test_the_docs_show_every_operation_and_schema_of_the_document(client, anonymous_api):
    document = anonymous_api.get("/api/v1/openapi.json").json()
    text = html(client.get(DOCS)).get_text(" ", strip=True)

    for path, methods in document["paths"].items():
        assert f"/api/v1{path}" in text
        for operation in methods.values():
            assert operation["summary"] in text
    for name in document["components"]["schemas"]:
        assert name in text


def test_the_docs_are_the_same_html_in_both_apps(client):
    shown = html(client.get(DOCS)).select_one(".api-docs")

    expected = BeautifulSoup(api_docs_html(), "html.parser")
    assert shown.decode_contents().strip() == expected.decode()


def test_the_docs_need_no_script_and_no_inline_style(client):
    response = client.get(DOCS)
    soup = html(response)

    assert soup.find("script") is None
    assert soup.find("style") is None
    assert soup.find(attrs={"style": True}) is None
    directives = csp_directives(response)
    assert "'unsafe-inline'" not in directives.get("script-src", directives.get("default-src"))


def test_the_docs_link_the_openapi_document(client):
    soup = html(client.get(DOCS))

    assert soup.find("a", href="/api/v1/openapi.json") is not None


@pytest.mark.pages
def test_the_home_page_links_the_docs(client):
    assert html(client.get("/")).select_one(f'main a[href="{DOCS}"]') is not None


@pytest.mark.pages
def test_the_token_page_links_the_docs(member):
    assert html(member.client.get("/accounts/token/")).select_one(f'main a[href="{DOCS}"]')
