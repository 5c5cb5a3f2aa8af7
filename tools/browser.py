"""A Chromium for the browser suite and the screenshots: find one, or get one.

`python -m tools.browser` (`make browser`, which `make test` runs first) finds an installed
Chromium; when there is none it tries, in order, Playwright's own download (`playwright
install chromium`, for a machine with internet) and Debian's package through apt (for root,
as in CI), and otherwise stops with one message naming both commands, before any test runs.

`find_chromium()` is the one place that says which browser the tests use: Debian's
/usr/bin/chromium first (what CI installs), then the newest Chromium Playwright downloaded.
Standard library only: `make doctor` runs this before a `.venv` exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
PLAYWRIGHT_INSTALL = (str(REPO_ROOT / ".venv" / "bin" / "playwright"), "install", "chromium")
APT_INSTALL = ("apt-get", "install", "-y", "--no-install-recommends", "chromium")
INSTALL_SECONDS = 900


@dataclass(frozen=True)
class Chromium:
    path: Path
    source: str  # "Debian" or "Playwright"


def playwright_browsers_dir(environ: dict[str, str] | None = None) -> Path:
    """Where Playwright keeps its browsers: PLAYWRIGHT_BROWSERS_PATH, else its cache."""
    environ = os.environ if environ is None else environ
    if environ.get("PLAYWRIGHT_BROWSERS_PATH", "0") != "0":
        return Path(environ["PLAYWRIGHT_BROWSERS_PATH"])
    return Path(environ.get("HOME", "~")).expanduser() / ".cache" / "ms-playwright"


def _revision(path: Path) -> int:
    """chromium-1255/chrome-linux64/chrome -> 1255, so that the newest download wins."""
    number = path.parts[-3].rpartition("-")[2]
    return int(number) if number.isdigit() else -1


def find_chromium(
    debian: Path = DEBIAN_CHROMIUM, playwright_dir: Path | None = None
) -> Chromium | None:
    """The Chromium the browser tests use, or None when neither kind is installed."""
    if os.access(debian, os.X_OK):
        return Chromium(debian, "Debian")
    playwright_dir = playwright_browsers_dir() if playwright_dir is None else playwright_dir
    downloads = [
        path
        for path in playwright_dir.glob("chromium-*/chrome-linux*/chrome")
        if os.access(path, os.X_OK)
    ]
    if downloads:
        return Chromium(max(downloads, key=_revision), "Playwright")
    return None


def version(chromium: Chromium) -> str:
    """What the browser says it is, such as `Chromium 142.0.7444.175 built on Debian ...`."""
    try:
        done = subprocess.run(
            [str(chromium.path), "--version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"version unknown ({error})"
    return done.stdout.strip() or f"version unknown (exit {done.returncode})"


def missing_message() -> str:
    return (
        "No Chromium for the browser tests, and none could be installed here (Playwright's\n"
        "download needs internet, apt needs root). Install one, then run the command again:\n"
        "  .venv/bin/playwright install chromium    # Playwright's own Chromium\n"
        "  sudo apt-get install chromium            # Debian's package"
    )


def run_command(argv: Sequence[str]) -> bool:
    """Run an install command, its output shown; True when it succeeded."""
    try:
        return subprocess.run(list(argv), timeout=INSTALL_SECONDS, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"  {argv[0]}: {error}")
        return False


def ensure_chromium(
    find: Callable[[], Chromium | None] = find_chromium,
    run: Callable[[Sequence[str]], bool] = run_command,
    is_root: bool | None = None,
    has_apt: bool | None = None,
    say: Callable[[str], None] = print,
) -> Chromium | None:
    """A Chromium, installed if need be in the order described above; None if impossible."""
    found = find()
    if found is not None:
        return found
    is_root = os.geteuid() == 0 if is_root is None else is_root
    has_apt = shutil.which("apt-get") is not None if has_apt is None else has_apt
    say("browser: no Chromium yet; trying Playwright's download (needs internet)")
    if run(PLAYWRIGHT_INSTALL) and (found := find()) is not None:
        return found
    if is_root and has_apt:
        say("browser: trying Debian's chromium package through apt (as root)")
        if run(("apt-get", "update", "-q")) and run(APT_INSTALL) and (found := find()):
            return found
    return None


def main() -> int:
    started = time.monotonic()
    chromium = ensure_chromium()
    seconds = time.monotonic() - started
    if chromium is None:
        print(missing_message(), file=sys.stderr)
        return 1
    print(f"browser: {chromium.source}'s {chromium.path}, {version(chromium)} ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
