"""`manage.py create_user USERNAME --password P [--staff]`: add a user from the command line.

Flask counterpart: `flask --app flask_app create-user` in flask_app/cli.py
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from django_app.predictions import services


class Command(BaseCommand):
    help = "Create a user. With --staff, the user is a data admin (the admin's permissions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--staff", action="store_true", help="make the user a data admin")

    def handle(self, *args, username: str, password: str, staff: bool, **options) -> None:
        try:
            # The sign-up form's password rules, checked here as `createsuperuser` does: the
            # service takes the password as given, since the sign-up form has checked it.
            validate_password(password, get_user_model()(username=username))
            user = services.user_create(username=username, password=password, is_staff=staff)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        kind = "staff user" if staff else "user"
        self.stdout.write(self.style.SUCCESS(f"Created {kind} {user.username}."))
