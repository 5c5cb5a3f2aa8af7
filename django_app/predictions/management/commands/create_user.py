"""`manage.py create_user USERNAME --password P [--staff]`: add a user from the command line.

Flask counterpart: `flask --app flask_app create-user` in flask_app/cli.py
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from django_app.predictions import services


class Command(BaseCommand):
    help = "Create a user. With --staff, the user is a data admin (the admin's permissions)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--staff", action="store_true", help="make the user a data admin")

    def handle(self, *args, username, password, staff, **options):
        try:
            user = services.user_create(username=username, password=password, is_staff=staff)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        kind = "staff user" if staff else "user"
        self.stdout.write(self.style.SUCCESS(f"Created {kind} {user.username}."))
