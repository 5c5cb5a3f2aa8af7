"""Commands: `python -m fastapi_app migrate | create-user | issue-token | seed-demo |
collect-static`, with the Flask app's names.

A Typer app, the command-line library of FastAPI's family: each command is a function whose
typed parameters are its arguments and options. The commands need no web app: each opens a
session on the database the settings name and calls the services, as the API does.
Migrations are Alembic's, run through its API.

Django counterpart: django_app/predictions/management/commands/; Flask counterpart:
flask_app/cli.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from alembic import command
from alembic.config import Config
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME
from shared_model.model.predictor import get_predictor
from shared_model.web.passwords import password_errors

from . import services, static_files
from .config import Settings
from .database import make_engine, make_sessionmaker
from .models import User

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Locals stay out of an error's traceback: they may hold a password.
cli = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)


@contextmanager
def database_session() -> Iterator[Session]:
    engine = make_engine(Settings.from_environment().database_url)
    try:
        with make_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()


def alembic_config(database_url: str) -> Config:
    """Alembic's configuration of the app's migrations, on `database_url` (env.py reads it)."""
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.attributes["database_url"] = database_url
    return config


def fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=1)


@cli.command()
def migrate() -> None:
    """Bring the database's tables up to date (Alembic's `upgrade head`)."""
    command.upgrade(alembic_config(Settings.from_environment().database_url), "head")


@cli.command("create-user")
def create_user(
    username: str,
    password: Annotated[str, typer.Option(help="The new user's password.")],
    staff: Annotated[bool, typer.Option(help="Make the user staff.")] = False,
) -> None:
    """Create a user; the password rules are the other apps' sign-up rules."""
    errors = password_errors(username=username, password=password)
    if errors:
        raise fail(" ".join(errors))
    with database_session() as session:
        try:
            user = services.user_create(
                session=session, username=username, password=password, is_staff=staff
            )
        except ValueError as error:
            raise fail(str(error)) from error
        kind = "staff user" if staff else "user"
        typer.echo(f"Created {kind} {user.username}.")


@cli.command("issue-token")
def issue_token(username: str) -> None:
    """Print a new API token for a user; the user's old token stops working.

    Only the token goes to stdout, so a script can capture it: TOKEN=$(... issue-token alice).
    """
    with database_session() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise fail(f"No user named {username!r}.")
        typer.echo(services.api_token_issue(session=session, user=user))


@cli.command("seed-demo")
def seed_demo() -> None:
    """Add the demo user and demo predictions, unless they are already there."""
    with database_session() as session:
        added = services.demo_seed(session=session, predictor=get_predictor())
    if added:
        typer.echo(f"Added {added} demo predictions.")
    else:
        typer.echo("Demo data already present: nothing added.")
    typer.echo(f"Demo user (staff): {DEMO_USERNAME} / {DEMO_PASSWORD}")


@cli.command("collect-static")
def collect_static() -> None:
    """Copy the static files, hashed and compressed, to where ServeStatic serves them."""
    target = Settings.from_environment().static_root
    typer.echo(f"{static_files.collect(target)} static files collected in {target}")


if __name__ == "__main__":
    cli()
