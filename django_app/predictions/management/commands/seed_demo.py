"""`manage.py seed_demo`: the demo staff user and a few hundred predictions with feedback.

Idempotent, so `make run-django` runs it every time.

Flask counterpart: `flask --app flask_app seed-demo` in flask_app/cli.py
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from django_app.predictions import services
from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME


class Command(BaseCommand):
    help = "Add the demo user and demo predictions, unless they are already there."

    def handle(self, *args, **options) -> None:
        added = services.demo_seed()
        if added:
            self.stdout.write(self.style.SUCCESS(f"Added {added} demo predictions."))
        else:
            self.stdout.write("Demo data already present: nothing added.")
        self.stdout.write(f"Demo login (staff): {DEMO_USERNAME} / {DEMO_PASSWORD}")
