#!/usr/bin/env python
"""Django's command-line utility: `python django_app/manage.py <command>`.

Flask counterpart: `flask --app flask_app <command>` (flask_app/cli.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    # The settings live in the `django_app` package, which sits next to `shared_model` at the
    # repository root: put that root on the path wherever the command is started from.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_app.config.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and available on your "
            "PYTHONPATH environment variable? Did you forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
