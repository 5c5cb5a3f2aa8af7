"""Pictures of the compare page for docs/compare/README.md: its top and one concept, in Chromium.

The page is opened from the file system, as a reader would; `make screenshots` runs this
after `make compare` has written the page.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.harness.browser import launch_chromium

from .concepts import ROOT
from .page import OUTPUT as PAGE

PICTURES = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1440, "height": 1000}


def capture(page_file: Path = PAGE) -> list[Path]:
    if not page_file.exists():
        raise SystemExit(f"{page_file.relative_to(ROOT)} is missing: run `make compare` first")
    PICTURES.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport=VIEWPORT)
        for name, anchor in (("compare", ""), ("compare-forms", "#forms")):
            page.goto(page_file.as_uri() + anchor)
            path = PICTURES / f"{name}.png"
            page.screenshot(path=path)
            saved.append(path.relative_to(ROOT))
        browser.close()
    return saved


if __name__ == "__main__":
    for path in capture():
        print(f"wrote {path}")
