"""Say when an app started by `make run` answers its first page, and how long that took.

    python tools/ready.py NAME URL STARTED
polls URL (any HTTP answer counts, an error page too) until it answers, then prints
"NAME is ready: URL (N s after make started)"; STARTED is when `make` began, in seconds
since the epoch. It gives up silently after five minutes or when its parent (the make
recipe that started the app) is gone. Standard library only.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request

POLL_SECONDS = 0.25
GIVE_UP_SECONDS = 300


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def main(name: str, url: str, started: str) -> int:
    parent = os.getppid()
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < deadline and os.getppid() == parent:
        if answers(url):
            elapsed = time.time() - float(started)
            print(f"==> {name} is ready: {url}  ({elapsed:.0f} s after make started)", flush=True)
            return 0
        time.sleep(POLL_SECONDS)
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main(*sys.argv[1:]))
    except KeyboardInterrupt:  # Ctrl-C on `make run` before the app answered
        sys.exit(1)
