"""Every page names itself and the service in its `<title>` and says what it is in a
`<meta name="description">`, with the words of shared_model.pages.meta."""

from __future__ import annotations

import pytest

from shared_model.pages.meta import PAGES, SERVICE_NAME, title
from tools.harness.web import html

ANONYMOUS_PAGES = {
    "home": "/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "api_docs": "/api/v1/docs",
}
# Every app has the API docs page; the others are pages of an app with pages.
ANONYMOUS_PARAMS = [
    pytest.param(name, marks=() if name == "api_docs" else pytest.mark.pages)
    for name in ANONYMOUS_PAGES
]
SIGNED_IN_PAGES = {
    "predict": "/predict/",
    "prediction_list": "/predictions/",
    "dashboard": "/dashboard/",
    "token": "/accounts/token/",
    "upload": "/predict/upload/",
}


def metadata(response) -> tuple[str, str]:
    """The page's title and description, whitespace as a reader sees it."""
    soup = html(response)
    descriptions = soup.select('head meta[name="description"]')
    assert len(descriptions) == 1, "one description per page"
    return soup.title.get_text(strip=True), descriptions[0]["content"].strip()


@pytest.mark.parametrize("name", ANONYMOUS_PARAMS)
def test_anonymous_pages_have_their_title_and_description(client, name):
    response = client.get(ANONYMOUS_PAGES[name])

    assert response.status_code == 200
    assert metadata(response) == (title(PAGES[name]), PAGES[name].description)


@pytest.mark.pages
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_have_their_title_and_description(member, name):
    response = member.client.get(SIGNED_IN_PAGES[name])

    assert response.status_code == 200
    assert metadata(response) == (title(PAGES[name]), PAGES[name].description)


@pytest.mark.pages
def test_a_prediction_page_is_titled_with_its_id(member, setosa):
    prediction_id = member.api.predict({"features": setosa}).json()["id"]

    response = member.client.get(f"/predictions/{prediction_id}/")

    assert response.status_code == 200
    page_title, description = metadata(response)
    assert page_title == f"Prediction #{prediction_id} · {SERVICE_NAME}"
    assert description == PAGES["prediction_detail"].description


@pytest.mark.pages
def test_an_error_page_is_titled_with_its_status_and_described(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page_title, description = metadata(response)
    assert page_title == f"404 Not found · {SERVICE_NAME}"
    assert description


@pytest.mark.pages
def test_an_upload_page_is_titled_with_its_id(member):
    form = html(member.client.get("/predict/upload/")).find("form", enctype="multipart/form-data")
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input", type="hidden")}
    sample = member.client.get("/predict/upload/sample.csv").content
    posted = member.client.post(
        "/predict/upload/", data=fields, files={"file": ("sample.csv", sample, "text/csv")}
    )
    path = member.client.location(posted)

    response = member.client.get(path)

    assert response.status_code == 200
    page_title, description = metadata(response)
    assert page_title == f"Upload #{path.split('/')[2]} · {SERVICE_NAME}"
    assert description == PAGES["upload_detail"].description
