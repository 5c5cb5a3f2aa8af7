"""A member uploads the sample file, reads the results, downloads them; the API docs page."""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from shared_model.model.schema import CLASSES
from shared_model.pages.csv_io import RESULT_COLUMNS
from tools.harness.browser import upload_sample

pytestmark = pytest.mark.e2e


def test_the_sample_is_uploaded_and_its_download_matches_the_page(member_page, tmp_path):
    member_page.goto("/predict/upload/")

    sample = upload_sample(member_page, tmp_path)

    with sample.open(newline="", encoding="utf-8") as file:
        flowers = list(csv.reader(file))[1:]
    table = member_page.locator("#upload-results tbody tr")
    expect(table).to_have_count(len(flowers))
    shown = [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in table.all()]
    with member_page.expect_download() as download_info:
        member_page.click("main a[href$='/predictions.csv']")
    download = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(download)
    assert download.name == "iris-sample-predictions.csv"
    with download.open(newline="", encoding="utf-8") as file:
        header, *records = list(csv.reader(file))

    assert header == list(RESULT_COLUMNS)
    assert [record[1:5] for record in records] == flowers
    for record, row in zip(records, shown, strict=True):
        line, *features, label = record[:6]
        assert row[:6] == [line, *features, label]
        probability = float(record[6 + CLASSES.index(label)])
        assert row[6] == f"{100 * probability:.1f}%"
    counts = member_page.locator("main ul.stats").inner_text()
    for name in CLASSES:
        assert f"{sum(r[5] == name for r in records)}\n{name}" in counts


def test_the_api_docs_render_under_the_csp(page):
    page.goto("/")
    page.click("main a[href='/api/v1/docs']")

    expect(page.locator("h1")).to_contain_text("Iris prediction API")
    expect(page.locator("#op-predict")).to_be_visible()
    page.click("main a[href='#op-predict']")
    expect(page).to_have_url(re.compile(r"/api/v1/docs#op-predict$"))
