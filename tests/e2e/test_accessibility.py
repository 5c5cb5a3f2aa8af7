"""Accessibility of the main pages in a real browser: labels, keyboard order, axe-core.

axe-core is the vendored `vendor/axe.min.js` (4.14.1, from npm; its licence beside it). It is
evaluated through the DevTools protocol rather than added as a `<script>` element, so the
pages keep their Content-Security-Policy (`script-src 'self'`) while it runs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from shared_model.model.schema import FEATURE_NAMES
from tools.harness.browser import SUBMIT, Member, upload_sample

pytestmark = pytest.mark.e2e

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING_IMPACTS = ("serious", "critical")

UNLABELLED_CONTROLS = """() =>
    [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
        .filter(control =>
            ![...control.labels].some(label => label.textContent.trim())
            && !control.getAttribute("aria-label")
            && !control.getAttribute("aria-labelledby"))
        .map(control => control.outerHTML)
"""

FOCUSED = """() => {
    const focused = document.activeElement;
    return {inForm: Boolean(focused.closest("main form")), name: focused.name || "",
            type: focused.type || ""};
}"""


@dataclass(frozen=True)
class MainPage:
    signed_in: bool
    visit: Callable[[Page, Member], None]


def path(url: str) -> Callable[[Page, Member], None]:
    return lambda page, member: page.goto(url)


def predict_with_errors(page: Page, member: Member) -> None:
    page.goto("/predict/")
    page.click(SUBMIT)
    expect(page.locator(".field-error").first).to_be_visible()


def own_prediction(page: Page, member: Member) -> None:
    page.goto(member.prediction_path)


def upload_with_errors(page: Page, member: Member) -> None:
    page.goto("/predict/upload/")
    page.click(SUBMIT)
    expect(page.locator("#form-errors")).to_be_visible()


def upload_result(page: Page, member: Member) -> None:
    page.goto("/predict/upload/")
    with tempfile.TemporaryDirectory() as directory:
        upload_sample(page, Path(directory))


MAIN_PAGES = {
    "home": MainPage(False, path("/")),
    "signup": MainPage(False, path("/accounts/signup/")),
    "login": MainPage(False, path("/accounts/login/")),
    "predict": MainPage(True, path("/predict/")),
    "predict-with-errors": MainPage(True, predict_with_errors),
    "prediction": MainPage(True, own_prediction),
    "history": MainPage(True, path("/predictions/")),
    "dashboard": MainPage(True, path("/dashboard/")),
    "token": MainPage(True, path("/accounts/token/")),
    "upload": MainPage(True, path("/predict/upload/")),
    "upload-with-errors": MainPage(True, upload_with_errors),
    "upload-result": MainPage(True, upload_result),
    "api-docs": MainPage(False, path("/api/v1/docs")),
}


def open_main_page(name: str, open_page, member: Member) -> Page:
    main_page = MAIN_PAGES[name]
    page = open_page(member.storage_state if main_page.signed_in else None)
    main_page.visit(page, member)
    return page


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_every_form_control_has_a_label(name, open_page, member):
    page = open_main_page(name, open_page, member)

    unlabelled = page.evaluate(UNLABELLED_CONTROLS)

    assert not unlabelled, f"controls without a label on {name}:\n" + "\n".join(unlabelled)


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_axe_finds_no_serious_or_critical_violation(name, open_page, member):
    page = open_main_page(name, open_page, member)
    page.evaluate(AXE_SOURCE)

    violations = page.evaluate("async () => (await axe.run(document)).violations")

    blocking = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in violations
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"axe-core on {name}:\n" + "\n".join(blocking)


def test_tab_goes_through_the_features_in_schema_order_then_submit(member_page):
    member_page.goto("/predict/")

    stops = []
    # From the top of the page, past the skip link and the navigation, into the form.
    for _ in range(40):
        member_page.keyboard.press("Tab")
        focused = member_page.evaluate(FOCUSED)
        if focused["inForm"]:
            stops.append(focused["name"] or focused["type"])
        if len(stops) == len(FEATURE_NAMES) + 1:
            break

    assert stops == [*FEATURE_NAMES, "submit"]
