"""The API documentation page, rendered from the OpenAPI document."""

from __future__ import annotations

import copy

from bs4 import BeautifulSoup

from shared_model.api.docs import api_docs_html, render_api_docs
from shared_model.api.openapi import OPENAPI_DOCUMENT


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_every_operation_has_its_section_with_method_path_and_answers():
    page = soup(api_docs_html())

    for path, methods in OPENAPI_DOCUMENT["paths"].items():
        for method, operation in methods.items():
            section = page.find(id=f"op-{operation['operationId']}")
            assert section is not None
            heading = section.find("h3").get_text(" ", strip=True)
            assert heading == f"{method.upper()} /api/v1{path}"
            statuses = [row.find("td").get_text() for row in section.select("tbody tr")]
            assert statuses == list(operation["responses"])


def test_every_schema_has_its_section_and_links_resolve():
    page = soup(api_docs_html())

    for name in OPENAPI_DOCUMENT["components"]["schemas"]:
        assert page.find(id=f"schema-{name}") is not None
    for link in page.select('a[href^="#"]'):
        assert page.find(id=link["href"][1:]) is not None, link["href"]


def test_feature_limits_and_required_fields_are_shown():
    features = soup(api_docs_html()).find(id="schema-Features")
    row = next(tr for tr in features.select("tbody tr") if "petal_width" in tr.get_text())

    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[:4] == ["petal_width", "number", "yes", "at least 0.1, at most 5.0"]


def test_token_free_operations_say_so():
    page = soup(api_docs_html())

    assert "Authentication: none." in page.find(id="op-health").get_text()
    assert "Authentication: a bearer token." in page.find(id="op-predict").get_text()


def test_parameters_say_where_they_go():
    page = soup(api_docs_html())

    def said(operation: str) -> list[str]:
        return [p.get_text() for p in page.find(id=f"op-{operation}").find_all("p")]

    assert any(text.startswith("Header Idempotency-Key: string.") for text in said("predict"))
    assert any(
        text.startswith("Query parameter page: integer.") for text in said("listPredictions")
    )


def test_a_path_parameter_says_so():
    # No operation of the document has one today; an operation that reads an id from its
    # path (the workshop's exercise 04 adds one) must render, not fail.
    document = copy.deepcopy(OPENAPI_DOCUMENT)
    health = document["paths"]["/health"]["get"]
    health["parameters"] = [{"name": "id", "in": "path", "schema": {"type": "integer"}}]

    section = soup(render_api_docs(document)).find(id="op-health")

    assert any(p.get_text().startswith("Path parameter id: integer.") for p in section("p"))


def test_text_from_the_document_is_escaped_and_no_script_or_style_is_made():
    document = copy.deepcopy(OPENAPI_DOCUMENT)
    document["info"]["description"] = "<script>alert(1)</script> and `code`"

    html = render_api_docs(document)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and <code>code</code>" in html
    assert soup(html).find(["script", "style"]) is None
    assert soup(html).find(attrs={"style": True}) is None
