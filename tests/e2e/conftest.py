"""Fixtures for the browser suite: each app under gunicorn with the demo data, one Chromium.

`server` is parametrized over the apps, so every test runs against both, with ids such as
`django-chromium` (pytest-playwright, loaded as a plugin, adds the browser's name; its own
fixtures are not used, since they would launch a browser that Playwright downloads). Each
server runs on SQLite (the contract suite covers PostgreSQL) and holds the demo data and
the demo staff user from the app's own `seed-demo`. `page` is a fresh browser context for
each test; the test fails when that page logs a console error, a Content-Security-Policy
violation or an uncaught exception.

Chromium and the servers live as long as this package's tests, not the whole session:
while Playwright's sync API runs, it leaves its event loop marked as running in the main
thread, and Django's ORM refuses to work in such a thread, so pytest-django's tests that
come after must not share the process with a live Playwright.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, StorageState, expect, sync_playwright

from tools.harness.browser import (
    ADMIN_UIS,
    FLOWERS,
    VIEWPORT,
    AdminUI,
    ConsoleWatch,
    Member,
    demo_server,
    launch_chromium,
    predict,
    sign_up,
)
from tools.harness.samples import PASSWORD, unique_username
from tools.harness.servers import PAGE_APPS

# For every wait on the page: long enough for a busy CI machine, short enough that a missing
# element fails the test quickly.
TIMEOUT_MS = 15_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="package", params=list(PAGE_APPS))
def server(request, tmp_path_factory):
    with demo_server(request.param, tmp_path_factory.mktemp(f"e2e-{request.param}")) as running:
        yield running


@pytest.fixture(scope="package")
def admin_ui(server) -> AdminUI:
    """Where this app's admin keeps its predictions, and how it exports them."""
    return ADMIN_UIS[server.spec.name]


@pytest.fixture
def open_page(browser, server):
    """A factory of pages, each in its own context (its own cookies), watched for errors
    that are checked when the test ends."""
    opened: list[tuple[BrowserContext, ConsoleWatch]] = []

    def make(storage_state: StorageState | None = None) -> Page:
        context = browser.new_context(
            base_url=server.base_url,
            viewport=VIEWPORT,
            accept_downloads=True,
            storage_state=storage_state,
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened.append((context, ConsoleWatch(page)))
        return page

    yield make
    problems = Counter(problem for _, watch in opened for problem in watch.problems)
    for context, _ in opened:
        context.close()
    assert not problems, "the browser reported errors:\n" + "\n".join(
        f"{problem} (x{times})" if times > 1 else problem for problem, times in problems.items()
    )


@pytest.fixture
def page(open_page) -> Page:
    """An anonymous visitor's page."""
    return open_page()


@pytest.fixture(scope="session")
def new_username():
    """A factory of usernames that no test has used yet."""

    return unique_username


@pytest.fixture(scope="session")
def password():
    return PASSWORD


@pytest.fixture(scope="package")
def member(browser, server, new_username) -> Member:
    """A member with one prediction, shared by the tests that only need someone signed in."""
    context = browser.new_context(base_url=server.base_url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    username = new_username("member")
    sign_up(page, username, PASSWORD)
    page.wait_for_url("**/predict/")
    predict(page, FLOWERS[0])
    page.wait_for_url("**/predictions/*/")
    made = Member(username, context.storage_state(), urlsplit(page.url).path)
    context.close()
    return made


@pytest.fixture
def member_page(open_page, member) -> Page:
    """A page signed in as `member`."""
    return open_page(member.storage_state)
