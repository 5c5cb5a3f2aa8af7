"""`make screenshots`: the main pages of both apps as PNGs in docs/screenshots/.

Each app starts under gunicorn on a fresh SQLite database with the demo data, as in the
browser suite; the demo staff user logs in, and Chromium saves `{app}-{page}.png` for the
home, predict, result, dashboard, upload result, API docs and admin pages, 1280 pixels
wide and as long as the page (the admin and the API docs: one screen).
The same flower is predicted in both apps, so the pictures can be laid side by side.

Run from the repository root: `.venv/bin/python -m tests.e2e.screenshots`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME
from tools.harness.browser import (
    ADMIN_UIS,
    FLOWERS,
    SUBMIT,
    VIEWPORT,
    demo_server,
    fill_features,
    launch_chromium,
    log_in,
    upload_sample,
)
from tools.harness.servers import PAGE_APPS, REPO_ROOT

OUTPUT = REPO_ROOT / "docs" / "screenshots"


def capture(page: Page, app: str) -> list[Path]:
    saved = []

    def shoot(name: str, full_page: bool = True) -> None:
        path = OUTPUT / f"{app}-{name}.png"
        page.screenshot(path=path, full_page=full_page)
        saved.append(path)

    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)
    page.wait_for_url("**/predict/")
    page.goto("/")
    shoot("home")
    page.goto("/predict/")
    fill_features(page, FLOWERS[1])
    shoot("predict")
    page.click(SUBMIT)
    page.wait_for_url("**/predictions/*/")
    shoot("result")
    page.goto("/dashboard/")
    shoot("dashboard")
    page.goto("/predict/upload/")
    with tempfile.TemporaryDirectory() as directory:
        upload_sample(page, Path(directory))
    shoot("upload")
    page.goto("/api/v1/docs")
    # One screen of it: the page documents every operation and schema.
    shoot("api-docs", full_page=False)
    page.goto(ADMIN_UIS[app].predictions_path)
    # One screen of it: the Django admin lists a hundred rows a page.
    shoot("admin", full_page=False)
    return saved


def main() -> int:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch, sync_playwright() as pw:
        browser = launch_chromium(pw)
        for app in PAGE_APPS:
            directory = Path(scratch) / app
            directory.mkdir()
            with demo_server(app, directory) as server:
                context = browser.new_context(base_url=server.base_url, viewport=VIEWPORT)
                for path in capture(context.new_page(), app):
                    print(f"wrote {path.relative_to(REPO_ROOT)}")
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
