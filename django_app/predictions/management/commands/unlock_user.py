"""`manage.py unlock_user USERNAME`: clear the user's failed logins, so a lockout ends now.

Works for any username, existing or not, as the throttling itself does (django-axes keeps
the failures; its own `axes_reset_username` does the same).

Flask counterpart: `flask --app flask_app unlock-user` in flask_app/cli.py
"""

from django.core.management.base import BaseCommand

from django_app.predictions import services
from shared_model.web.throttling import unlocked_message


class Command(BaseCommand):
    help = "Clear a user's failed logins from every address, ending any login lockout."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        cleared = services.user_unlock(username=username)
        self.stdout.write(unlocked_message(username, cleared))
