"""A real browser for the suites and scripts that need one: Chromium, driven by Playwright.

Shared by the browser suite (`tests/e2e/`), the screenshot scripts (`tests/e2e/screenshots.py`,
`tools/compare/screenshot.py`) and `make lighthouse`: how Chromium is launched, the demo
server, a watch on the console for errors and Content-Security-Policy violations, test
flowers, the steps a person takes to sign up, log in and predict, and `ADMIN_UIS`, the one
table where the Django admin and Flask-Admin differ.

The browser is whichever `tools.browser.find_chromium` finds: Debian's /usr/bin/chromium
(what CI installs) or one that `playwright install chromium` downloaded; `make browser`
gets one when there is none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    Response,
    StorageState,
)

from tools.browser import find_chromium, missing_message
from tools.harness.servers import Server, ServerError, app_server

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Nothing but the app under test on the wire: no update checks, sync or QUIC probes.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
VIEWPORT = {"width": 1280, "height": 800}

# One flower of each class, in the order of the classes, in the order of the features.
FLOWERS = (
    {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2},
    {"sepal_length": 6.4, "sepal_width": 3.2, "petal_length": 4.5, "petal_width": 1.5},
    {"sepal_length": 6.3, "sepal_width": 3.3, "petal_length": 6.0, "petal_width": 2.5},
)
SUBMIT = "main form button[type=submit]"


def launch_chromium(playwright: Playwright) -> Browser:
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError(missing_message())
    return playwright.chromium.launch(executable_path=chromium.path, args=list(CHROMIUM_ARGS))


@contextmanager
def demo_server(app: str, directory: Path) -> Iterator[Server]:
    """`app` under gunicorn on a fresh SQLite database, seeded with its `seed-demo`."""
    with app_server(app, "sqlite", directory) as server:
        seeded = server.cli("seed-demo")
        if seeded.returncode != 0:
            raise ServerError(
                f"{app}: seed-demo failed ({seeded.returncode})\n{seeded.stdout}\n{seeded.stderr}"
            )
        yield server


class ConsoleWatch:
    """Collects what a page reports as broken: console errors (a Content-Security-Policy
    violation is one) and uncaught exceptions.

    Two console errors are not the page's fault and are left out. A form answered with 400,
    or an error page with its 4xx status, makes Chromium log that the document "failed to
    load"; the status is the contract's and the tests check it. And on a page that
    declares no icon (the admin's), Chromium asks for /favicon.ico on its own.
    """

    def __init__(self, page: Page):
        self._errors: list[tuple[str, str]] = []
        self._uncaught: list[str] = []
        self._client_error_documents: set[str] = set()
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._errors.append((message.location.get("url") or "", message.text))

    def _on_page_error(self, error: Error) -> None:
        self._uncaught.append(f"uncaught exception: {error.message}")

    def _on_response(self, response: Response) -> None:
        if response.request.is_navigation_request() and 400 <= response.status < 500:
            self._client_error_documents.add(response.url)

    def _expected(self, url: str, text: str) -> bool:
        if not text.startswith("Failed to load resource"):
            return False
        return url in self._client_error_documents or urlsplit(url).path == "/favicon.ico"

    @property
    def problems(self) -> list[str]:
        reported = [
            f"console error at {url or '?'}: {text}"
            for url, text in self._errors
            if not self._expected(url, text)
        ]
        return reported + self._uncaught


@dataclass(frozen=True)
class AdminUI:
    """Where each admin keeps its predictions and how it exports them, as data."""

    index_path: str
    predictions_path: str
    # The query string that filters predictions by label and searches them by username.
    filter_query: str
    # Each row's prediction id in the list.
    row_ids: str
    # Locator calls, in order, that download the CSV of the filtered list:
    # (method, selector, *arguments), e.g. ("click", "a.export").
    export_steps: tuple[tuple[str, ...], ...]


ADMIN_UIS = {
    "django": AdminUI(
        index_path="/admin/",
        predictions_path="/admin/predictions/prediction/",
        filter_query="label__exact={label}&q={username}",
        row_ids="#result_list tbody th a",
        export_steps=(
            ("check", "#action-toggle"),
            ("select_option", "select[name=action]", "export_csv"),
            ("click", "button[name=index]"),
        ),
    ),
    "flask": AdminUI(
        index_path="/admin/",
        predictions_path="/admin/prediction/",
        filter_query="flt0_label_equals={label}&search={username}",
        row_ids="table.model-list tbody td.col-id",
        export_steps=(("click", "a[href*='/export/csv/']"),),
    ),
}


@dataclass(frozen=True)
class Member:
    """A user who signed up through the pages: their cookies, and one prediction's page."""

    username: str
    storage_state: StorageState
    prediction_path: str


def sign_up(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/signup/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_password2", password)
    page.click(SUBMIT)


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click(SUBMIT)


def log_out(page: Page) -> None:
    page.click(".site-nav button:has-text('Log out')")


def fill_features(page: Page, features: dict[str, float | str]) -> None:
    """Type each value into its input on the predict form."""
    for name, value in features.items():
        page.fill(f"#id_{name}", str(value))


def predict(page: Page, features: dict[str, float | str]) -> None:
    """Fill in the predict form (the page must show it) and submit it."""
    fill_features(page, features)
    page.click(SUBMIT)


def upload_sample(page: Page, directory: Path) -> Path:
    """Download the sample file from the upload page (the page must show it), then upload it.
    Returns where the sample was saved."""
    with page.expect_download() as download_info:
        page.click("main a[href='/predict/upload/sample.csv']")
    sample = directory / download_info.value.suggested_filename
    download_info.value.save_as(sample)
    page.set_input_files("main input[type=file][name=file]", sample)
    page.click(SUBMIT)
    page.wait_for_url("**/uploads/*/")
    return sample
