"""Which Chromium the browser tests use, and how `make browser` gets one: on a faked machine
(files in a temporary folder, install commands recorded, never run)."""

from __future__ import annotations

from pathlib import Path

from tools.browser import (
    APT_INSTALL,
    PLAYWRIGHT_INSTALL,
    Chromium,
    ensure_chromium,
    find_chromium,
    playwright_browsers_dir,
)


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_debian_chromium_comes_first(tmp_path):
    debian = executable(tmp_path / "usr/bin/chromium")
    executable(tmp_path / "ms-playwright/chromium-1255/chrome-linux64/chrome")

    found = find_chromium(debian, tmp_path / "ms-playwright")

    assert found == Chromium(debian, "Debian")


def test_without_debian_chromium_the_newest_playwright_download_is_used(tmp_path):
    executable(tmp_path / "ms-playwright/chromium-1200/chrome-linux/chrome")
    newest = executable(tmp_path / "ms-playwright/chromium-1255/chrome-linux64/chrome")

    found = find_chromium(tmp_path / "usr/bin/chromium", tmp_path / "ms-playwright")

    assert found == Chromium(newest, "Playwright")


def test_a_file_that_cannot_run_is_no_browser(tmp_path):
    (tmp_path / "chromium").write_text("")

    assert find_chromium(tmp_path / "chromium", tmp_path / "ms-playwright") is None


def test_playwright_browsers_path_overrides_the_cache_folder():
    assert playwright_browsers_dir({"PLAYWRIGHT_BROWSERS_PATH": "/opt/pw"}) == Path("/opt/pw")
    assert playwright_browsers_dir({"HOME": "/home/ann"}) == Path("/home/ann/.cache/ms-playwright")


class FakeMachine:
    """A machine with no browser until one of the commands in `installs` succeeds."""

    def __init__(self, installs: set[tuple[str, ...]]):
        self.installs = installs
        self.ran: list[tuple[str, ...]] = []
        self.browser: Chromium | None = None

    def find(self) -> Chromium | None:
        return self.browser

    def run(self, argv) -> bool:
        self.ran.append(tuple(argv))
        if tuple(argv) in self.installs:
            self.browser = Chromium(Path("/fake/chrome"), "fake")
        return tuple(argv) in self.installs or (argv[0] == "apt-get" and argv[1] == "update")


def ensure(machine: FakeMachine, *, is_root: bool, has_apt: bool = True) -> Chromium | None:
    return ensure_chromium(
        machine.find, machine.run, is_root=is_root, has_apt=has_apt, say=lambda text: None
    )


def test_an_installed_browser_is_used_and_nothing_is_installed():
    machine = FakeMachine(installs=set())
    machine.browser = Chromium(Path("/usr/bin/chromium"), "Debian")

    assert ensure(machine, is_root=True) == machine.browser
    assert machine.ran == []


def test_playwright_download_is_tried_first_and_is_enough_when_it_works():
    machine = FakeMachine(installs={PLAYWRIGHT_INSTALL})

    assert ensure(machine, is_root=True) is not None
    assert machine.ran == [PLAYWRIGHT_INSTALL]


def test_without_internet_root_gets_debian_chromium_through_apt():
    machine = FakeMachine(installs={APT_INSTALL})

    assert ensure(machine, is_root=True) is not None
    assert machine.ran == [PLAYWRIGHT_INSTALL, ("apt-get", "update", "-q"), APT_INSTALL]


def test_without_internet_and_without_root_nothing_is_installed():
    machine = FakeMachine(installs={APT_INSTALL})

    assert ensure(machine, is_root=False) is None
    assert machine.ran == [PLAYWRIGHT_INSTALL]


def test_root_without_apt_is_not_offered_apt():
    machine = FakeMachine(installs={APT_INSTALL})

    assert ensure(machine, is_root=True, has_apt=False) is None
    assert APT_INSTALL not in machine.ran
