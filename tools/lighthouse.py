"""`make lighthouse`: Lighthouse's four scores for the home, login, predict and dashboard
pages of both apps, served as in production (gunicorn, DEBUG off, static files collected).

Each app starts on a fresh SQLite database with the demo data, as for the browser suite;
the predict and dashboard pages are audited as the demo user, whose session cookie is
handed to Lighthouse. Lighthouse comes from npm, installed by `make lighthouse` into
var/lighthouse/ at the version the Makefile pins, and drives the Chromium the tests use.
Prints one table, and each audit that cost a page points; the full reports are left in
var/lighthouse/reports/. Not part of `make test`: it takes minutes, and scores are
measurements, not contract.

Run from the repository root: `.venv/bin/python -m tools.lighthouse PATH_TO_LIGHTHOUSE`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME
from tools.browser import find_chromium, missing_message
from tools.harness.browser import CHROMIUM_ARGS, demo_server
from tools.harness.servers import PAGE_APPS, REPO_ROOT
from tools.harness.web import Auth, Client

REPORTS = REPO_ROOT / "var" / "lighthouse" / "reports"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The page, its path, and whether it is audited signed in.
PAGES = (("home", "/", False), ("login", "/accounts/login/", False))
SIGNED_IN_PAGES = (("predict", "/predict/", True), ("dashboard", "/dashboard/", True))
RUN_SECONDS = 300
# Performance varies from run to run (more so on a busy machine): each page is audited this
# many times and the run with the median performance score is kept, as Lighthouse's
# documentation advises. A run that Lighthouse itself reports as broken is run again.
RUNS = 3
ATTEMPTS = 3


def session_cookie(base_url: str) -> str:
    """A Cookie header of the demo user, signed in through the login page."""
    client = Client(base_url)
    response = Auth(client).login(DEMO_USERNAME, DEMO_PASSWORD)
    if response.status_code != 302:
        raise RuntimeError(f"demo login answered {response.status_code}")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in client.session.cookies)


def audit(lighthouse: str, chromium: Path, url: str, output: Path, cookie: str | None) -> dict:
    """One Lighthouse run, tried again if Lighthouse reports it broken; its JSON report."""
    flags = " ".join(("--headless=new", *(a for a in CHROMIUM_ARGS if a != "--headless")))
    argv = [
        lighthouse,
        url,
        f"--chrome-path={chromium}",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
    ]
    if cookie:
        argv.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    for _ in range(ATTEMPTS):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=RUN_SECONDS)
        if done.returncode == 0:
            report = json.loads(output.read_text(encoding="utf-8"))
            if "runtimeError" not in report:
                return report
    raise RuntimeError(f"lighthouse failed on {url} ({done.returncode}):\n{done.stderr}")


def median_run(lighthouse: str, chromium: Path, url: str, output: Path, cookie: str | None):
    """RUNS audits of one page; the report of the run with the median performance score."""
    runs = []
    for number in range(RUNS):
        path = output.with_suffix(f".{number}.json")
        runs.append(audit(lighthouse, chromium, url, path, cookie))
    runs.sort(key=lambda report: report["categories"]["performance"]["score"])
    return runs[len(runs) // 2]


def scores(report: dict) -> dict[str, int]:
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def losses(report: dict) -> list[str]:
    """The scored audits of the four categories that did not pass, with Lighthouse's title."""
    lost = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
                lost.append(f"{name}: {ref['id']} ({result['score']:.2f}) {result['title']}")
    return lost


def main(lighthouse: str) -> int:
    chromium = find_chromium()
    if chromium is None:
        print(missing_message(), file=sys.stderr)
        return 1
    REPORTS.mkdir(parents=True, exist_ok=True)
    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as directory:
        for app in PAGE_APPS:
            folder = Path(directory) / app
            folder.mkdir()
            with demo_server(app, folder) as server:
                cookie = session_cookie(server.base_url)
                for page, path, signed_in in PAGES + SIGNED_IN_PAGES:
                    # localhost, not 127.0.0.1: the name a person types, a secure context too.
                    url = server.base_url.replace("127.0.0.1", "localhost") + path
                    print(f"lighthouse: {app} {page} ({url})", flush=True)
                    output = REPORTS / f"{app}-{page}"
                    report = median_run(
                        lighthouse, chromium.path, url, output, cookie if signed_in else None
                    )
                    if report["finalDisplayedUrl"].rstrip("/") != url.rstrip("/"):
                        raise RuntimeError(f"{url} ended at {report['finalDisplayedUrl']}")
                    rows.append((app, page, scores(report)))
                    notes += [f"{app} {page}: {loss}" for loss in losses(report)]
    print(f"\n{'app':<8}{'page':<11}" + "".join(f"{name:>16}" for name in CATEGORIES))
    for app, page, result in rows:
        print(f"{app:<8}{page:<11}" + "".join(f"{result[name]:>16}" for name in CATEGORIES))
    print("\n".join(["", "Audits that cost points:", *notes]) if notes else "\nEvery audit passed.")
    print(f"Reports: {REPORTS.relative_to(REPO_ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
