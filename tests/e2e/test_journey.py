"""One journey through each app in a real browser, from sign-up to the admin's CSV export.

Written once and run against both apps. The Django admin and Flask-Admin differ by nature,
so where the journey reaches the admin it reads its URLs and selectors from `ADMIN_UIS`
(tools/harness/browser.py), the only per-app data in this suite.
"""

from __future__ import annotations

import csv
import re
from itertools import cycle, islice

import pytest
from playwright.sync_api import Page, expect

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME
from shared_model.model.schema import CLASSES, FEATURES
from shared_model.model.validation import range_message
from shared_model.pages.presentation import EXPORT_COLUMNS
from shared_model.web.paging import PAGE_SIZE
from shared_model.web.tokens import TOKEN_PREFIX
from tools.harness.browser import FLOWERS, SUBMIT, AdminUI, log_in, log_out, predict, sign_up
from tools.harness.web import Api

pytestmark = pytest.mark.e2e

PREDICTION_URL = re.compile(r"/predictions/(\d+)/$")


def nav(page: Page, name: str) -> None:
    page.locator(".site-nav").get_by_role("link", name=name, exact=True).click()


def create_token_shown_once(page: Page) -> str:
    nav(page, "API token")
    expect(page.locator("main")).to_contain_text("You have no API token yet.")
    page.click(SUBMIT)
    shown = page.locator("#api-token")
    expect(shown).to_be_visible()
    token = shown.text_content().strip()
    assert token.startswith(TOKEN_PREFIX), f"#api-token shows {token!r}"

    # Reloading the POST's answer would send the form again: come back as a person would.
    page.goto("/accounts/token/")
    expect(page.locator("#api-token")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("You have an API token, created")
    expect(page.locator("main")).not_to_contain_text(token)
    return token


def check_form_limits(page: Page) -> None:
    nav(page, "Predict")
    for feature in FEATURES:
        field = page.locator(f"#id_{feature.name}")
        expect(page.locator(f"label[for=id_{feature.name}]")).to_have_text(feature.label)
        expect(field).to_have_attribute("type", "number")
        limits = {name: field.get_attribute(name) for name in ("min", "max", "step")}
        assert {name: float(value) for name, value in limits.items()} == {
            "min": feature.min,
            "max": feature.max,
            "step": feature.step,
        }, f"{feature.name} has the limits {limits}"
        expect(page.locator(f"#{feature.name}-hint")).to_contain_text(feature.description)


def check_error_beside_the_field(page: Page) -> None:
    bad = FEATURES[0]
    predict(page, {**FLOWERS[0], bad.name: bad.max + 1})

    expect(page).to_have_url(re.compile(r"/predict/$"))
    field = page.locator(f"#id_{bad.name}")
    expect(field).to_have_attribute("aria-invalid", "true")
    described_by = (field.get_attribute("aria-describedby") or "").split()
    assert f"{bad.name}-error" in described_by, f"aria-describedby is {described_by}"
    error = page.locator(f"#{bad.name}-error")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_have_text(range_message(bad))
    expect(page.locator(".field-error")).to_have_count(1)
    # What the person typed is still there to correct.
    expect(page.locator(f"#id_{FEATURES[1].name}")).to_have_value(str(FLOWERS[0][FEATURES[1].name]))


def predict_and_check_the_result(page: Page, features: dict[str, float]) -> tuple[int, str]:
    """Predict through the form; the new prediction's (id, label)."""
    page.goto("/predict/")
    predict(page, features)

    expect(page).to_have_url(PREDICTION_URL)
    label = page.locator("#prediction-label")
    expect(label).to_be_visible()
    assert label.text_content().strip() in CLASSES
    rows = page.locator("#prediction-probabilities li")
    expect(rows.locator(".class-name")).to_have_text(list(CLASSES))
    percents = []
    for bar in rows.locator("progress").all():
        box = bar.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, "a probability bar is not drawn"
        percents.append(float(bar.get_attribute("value")))
    assert sum(percents) == pytest.approx(100, abs=0.2), f"the bars add up to {percents}"
    prediction_id = int(PREDICTION_URL.search(page.url)[1])
    return prediction_id, label.text_content().strip()


def check_training_range_warning(page: Page, training: dict) -> None:
    warnings = page.locator("#prediction-warnings")
    expect(warnings).to_have_attribute("role", "status")
    expect(warnings).to_contain_text(training["name"])
    low, high = training["training_min"], training["training_max"]
    expect(warnings).to_contain_text(f"{low:g} to {high:g}")


def check_history_pages(page: Page, count: int, oldest_id: int) -> None:
    nav(page, "History")
    expect(page.locator("table.list tbody tr")).to_have_count(PAGE_SIZE)
    pages = page.locator("nav.pagination")
    expect(pages).to_contain_text("Page 1 of 2")

    pages.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(pages).to_contain_text("Page 2 of 2")
    expect(page.locator("table.list tbody tr")).to_have_count(count - PAGE_SIZE)
    expect(page.locator(f"table.list a[href='/predictions/{oldest_id}/']")).to_be_visible()


def give_the_right_class_as_feedback(page: Page, prediction_id: int, true_label: str) -> None:
    page.goto(f"/predictions/{prediction_id}/")
    page.select_option("select[name=true_label]", true_label)
    page.click(SUBMIT)

    expect(page).to_have_url(re.compile(rf"/predictions/{prediction_id}/$"))
    badge = page.locator(".badge")
    expect(badge).to_have_text(true_label)
    expect(badge).to_have_class(re.compile(r"\bcorrect\b"))
    expect(page.locator("select[name=true_label]")).to_have_count(0)


def check_dashboard_charts(page: Page) -> None:
    nav(page, "Dashboard")
    charts = page.locator("main svg.chart")
    expect(charts).to_have_count(4)
    for chart in charts.all():
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, "a chart has no size"


def export_from_the_admin(page: Page, admin: AdminUI, username: str, label: str, tmp_path):
    """Open the admin, filter the predictions and download them as CSV; the ids listed and
    the CSV's rows."""
    nav(page, "Admin")
    expect(page).to_have_url(re.compile(re.escape(admin.index_path) + "$"))
    page.locator(f"a[href='{admin.predictions_path}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(admin.predictions_path)))

    query = admin.filter_query.format(label=label, username=username)
    page.goto(f"{admin.predictions_path}?{query}")
    listed = sorted(int(cell.strip()) for cell in page.locator(admin.row_ids).all_text_contents())

    with page.expect_download() as download_info:
        for method, selector, *arguments in admin.export_steps:
            getattr(page.locator(selector), method)(*arguments)
    download = download_info.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with path.open(newline="", encoding="utf-8-sig") as exported:
        return listed, list(csv.reader(exported))


def test_a_member_and_then_a_data_admin_go_through_the_whole_service(
    page, server, admin_ui, new_username, password, tmp_path
):
    model_card = Api(server.base_url).get("/api/v1/model").json()
    username = new_username("journey")
    labels: dict[int, str] = {}

    sign_up(page, username, password)
    expect(page).to_have_url(re.compile(r"/predict/$"))
    expect(page.locator(".site-nav .user")).to_have_text(username)

    token = create_token_shown_once(page)
    check_form_limits(page)
    check_error_beside_the_field(page)

    first_id, first_label = predict_and_check_the_result(page, FLOWERS[0])
    labels[first_id] = first_label
    expect(page.locator("#prediction-warnings")).to_have_count(0)

    training = model_card["features"][0]
    outside = {**FLOWERS[0], training["name"]: round(training["training_max"] + 1, 1)}
    outside_id, labels[outside_id] = predict_and_check_the_result(page, outside)
    check_training_range_warning(page, training)

    instances = list(islice(cycle(FLOWERS), PAGE_SIZE))
    made = Api(server.base_url, token).predict({"instances": instances})
    assert made.status_code == 200, f"the API answered {made.status_code}: {made.text}"
    labels.update({item["id"]: item["label"] for item in made.json()["predictions"]})

    check_history_pages(page, count=len(labels), oldest_id=first_id)
    give_the_right_class_as_feedback(page, first_id, first_label)
    check_dashboard_charts(page)

    log_out(page)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".site-nav")).to_contain_text("Log in")

    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/predict/$"))
    label = CLASSES[1]
    listed, rows = export_from_the_admin(page, admin_ui, username, label, tmp_path)

    expected = sorted(pid for pid, predicted in labels.items() if predicted == label)
    assert expected, f"the journey made no {label} prediction to filter on"
    assert listed == expected, "the filtered admin list shows other predictions"
    header, *records = rows
    assert header == list(EXPORT_COLUMNS)
    by_column = [dict(zip(header, record, strict=True)) for record in records]
    assert sorted(int(row["id"]) for row in by_column) == expected
    assert {(row["username"], row["label"]) for row in by_column} == {(username, label)}
    assert {row["model_version"] for row in by_column} == {model_card["version"]}
