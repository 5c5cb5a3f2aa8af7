"""Commands: `flask --app flask_app create-user | issue-token | unlock-user | seed-demo |
collect-static`.

Click commands added to the app's `flask` command by `init_app`; `with_appcontext` runs each
inside the app's context, so they call the services like any view. Migrations are Flask-Migrate's
`flask --app flask_app db upgrade`; `collect-static` is the twin of Django's built-in
`collectstatic`.

Django counterpart: django_app/predictions/management/commands/
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME
from shared_model.web.passwords import password_errors
from shared_model.web.static_assets import SOURCE_DIR
from shared_model.web.throttling import unlocked_message

from . import selectors, services, static_files


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--password", required=True, help="The new user's password.")
@click.option("--staff", is_flag=True, help="Make the user staff: the admin opens to them.")
def create_user(username: str, password: str, staff: bool) -> None:
    """Create a user. With --staff, the user is a data admin."""
    # Sign-up's password rules, checked here as Django's create_user checks them: the service
    # takes the password as given, since the sign-up form has checked it.
    errors = password_errors(username=username, password=password)
    if errors:
        raise click.ClickException(" ".join(errors))
    try:
        user = services.user_create(username=username, password=password, is_staff=staff)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    kind = "staff user" if staff else "user"
    click.echo(f"Created {kind} {user.username}.")


@click.command("issue-token")
@with_appcontext
@click.argument("username")
def issue_token(username: str) -> None:
    """Print a new API token for a user; the user's old token stops working.

    Only the token goes to stdout, so a script can capture it: TOKEN=$(... issue-token alice).
    """
    user = selectors.user_get_by_username(username=username)
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    click.echo(services.api_token_issue(user=user))


@click.command("unlock-user")
@with_appcontext
@click.argument("username")
def unlock_user(username: str) -> None:
    """Clear a user's failed logins from every address, ending any login lockout.

    Works for any username, existing or not, as the throttling itself does.
    """
    click.echo(unlocked_message(username, services.user_unlock(username=username)))


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Add the demo user and demo predictions, unless they are already there."""
    added = services.demo_seed()
    if added:
        click.echo(f"Added {added} demo predictions.")
    else:
        click.echo("Demo data already present: nothing added.")
    click.echo(f"Demo login (staff): {DEMO_USERNAME} / {DEMO_PASSWORD}")


@click.command("collect-static")
@with_appcontext
def collect_static() -> None:
    """Copy the static files, hashed and compressed, to where WhiteNoise serves them."""
    target = Path(current_app.config["STATIC_ROOT"])
    count = static_files.collect(SOURCE_DIR, target)
    click.echo(f"{count} static files collected in {target}")


def init_app(app: Flask) -> None:
    for command in (create_user, issue_token, unlock_user, seed_demo, collect_static):
        app.cli.add_command(command)
