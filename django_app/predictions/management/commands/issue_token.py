"""`manage.py issue_token USERNAME`: print a new API token (replacing the old one).

Only the token goes to stdout, so a script can capture it: TOKEN=$(... issue_token alice).

Flask counterpart: `flask --app flask_app issue-token` in flask_app/cli.py
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from django_app.predictions import selectors, services


class Command(BaseCommand):
    help = "Issue a new API token for a user and print it; the user's old token stops working."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = selectors.user_get_by_username(username=username)
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        self.stdout.write(services.api_token_issue(user=user))
