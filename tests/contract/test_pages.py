"""Every page of the contract: who may see it, and the markup the other suites rely on."""

from __future__ import annotations

import pytest

from shared_model.model.schema import FEATURES
from tests.contract.expect import is_html
from tools.harness.web import history_ids, html

# Pages, sessions and forms: not for an API-only app (deselected, see conftest.py).
pytestmark = pytest.mark.pages

SIGNED_IN_PAGES = [
    "/predict/",
    "/predictions/",
    "/predictions/1/",
    "/dashboard/",
    "/accounts/token/",
]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
@pytest.mark.security
def test_anonymous_visitor_is_sent_to_login_with_next(client, path):
    response = client.get(path)

    assert client.login_redirect_next(response) == path


def test_home_shows_the_model_name_and_version(client, model_card):
    response = client.get("/")

    assert response.status_code == 200
    text = html(response).get_text(" ")
    assert model_card["name"] in text
    assert model_card["version"] in text


def test_home_links_anonymous_visitors_to_predict_login_and_signup(client):
    soup = html(client.get("/"))

    links = {link["href"] for link in soup.select("main a[href]")}
    assert {"/predict/", "/accounts/login/", "/accounts/signup/"} <= links


def test_signup_page_has_username_and_two_password_fields(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    form = html(response).select_one("form.stacked")
    assert form.find("input", attrs={"name": "username"}) is not None
    assert form.find("input", attrs={"name": "password", "type": "password"}) is not None
    assert form.find("input", attrs={"name": "password2", "type": "password"}) is not None


def test_login_page_has_username_and_password_fields(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    form = html(response).select_one("form.stacked")
    assert form.find("input", attrs={"name": "username"}) is not None
    assert form.find("input", attrs={"name": "password", "type": "password"}) is not None


@pytest.mark.security
def test_forms_carry_a_csrf_token(client):
    form = html(client.get("/accounts/login/")).select_one("form.stacked")

    hidden = [field.get("name", "") for field in form.find_all("input", type="hidden")]
    assert any("csrf" in name for name in hidden)


@pytest.mark.parametrize("feature", FEATURES, ids=lambda feature: feature.name)
def test_predict_form_input_follows_the_feature_schema(member, feature):
    response = member.client.get("/predict/")

    assert response.status_code == 200
    field = html(response).find("input", attrs={"name": feature.name})
    assert field is not None
    assert field["type"] == "number"
    assert float(field["min"]) == feature.min
    assert float(field["max"]) == feature.max
    assert float(field["step"]) == feature.step
    assert field.has_attr("required")


def test_predict_form_has_one_input_per_feature_and_nothing_else(member):
    form = html(member.client.get("/predict/")).select_one("form.stacked")

    visible = {
        field["name"]
        for field in form.find_all(["input", "select", "textarea"])
        if field.get("type") != "hidden" and field.get("name")
    }
    assert visible == {feature.name for feature in FEATURES}


def test_history_of_a_member_without_predictions_says_so(member):
    response = member.client.get("/predictions/")

    assert response.status_code == 200
    soup = html(response)
    assert soup.select_one(".empty") is not None
    assert history_ids(soup) == []


def test_signed_in_nav_offers_a_logout_form_and_no_admin_link(member):
    soup = html(member.client.get("/predict/"))

    assert soup.find("form", attrs={"action": "/accounts/logout/", "method": "post"}) is not None
    assert soup.find("a", href="/admin/") is None


def test_staff_nav_links_to_the_admin(staff):
    soup = html(staff.client.get("/predict/"))

    assert soup.find("a", href="/admin/") is not None


def test_dashboard_draws_inline_svg_charts(member):
    response = member.client.get("/dashboard/")

    assert response.status_code == 200
    soup = html(response)
    headings = {heading.get_text(strip=True) for heading in soup.find_all("h2")}
    assert {"Predictions per class", "Predictions per day", "Live accuracy", "Model metrics"} <= (
        headings
    )
    assert len(soup.find_all("svg")) >= 4


def test_dashboard_has_no_script(member):
    response = member.client.get("/dashboard/")

    assert response.status_code == 200
    assert html(response).find("script") is None


def assert_no_inline_style_or_script(response):
    assert response.status_code == 200
    soup = html(response)
    assert soup.find(attrs={"style": True}) is None
    assert soup.find("style") is None
    assert soup.find("script", src=False) is None


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
@pytest.mark.security
def test_public_pages_have_no_inline_style_or_script(client, path):
    assert_no_inline_style_or_script(client.get(path))


@pytest.mark.parametrize("path", ["/predict/", "/predictions/", "/dashboard/", "/accounts/token/"])
@pytest.mark.security
def test_signed_in_pages_have_no_inline_style_or_script(member, path):
    assert_no_inline_style_or_script(member.client.get(path))


def test_stylesheet_is_served(client):
    response = client.get("/static/iris/site.css")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")


def test_unknown_page_is_an_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert is_html(response)
    assert "Traceback" not in response.text
