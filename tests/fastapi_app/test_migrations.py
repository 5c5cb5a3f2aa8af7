"""The migrations: they build the tables the models declare, and go down and up again."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from fastapi_app.__main__ import alembic_config
from fastapi_app.database import make_engine
from fastapi_app.models import Base


def test_the_migrations_match_the_models(migrated_database_url):
    # Alembic's `check` compares the migrated database with the models: no difference.
    command.check(alembic_config(migrated_database_url))


def test_the_migrations_build_every_table(migrated_database_url):
    engine = make_engine(migrated_database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()

    assert set(Base.metadata.tables) <= tables


def test_the_migrations_are_one_line_of_revisions(migrated_database_url):
    script = ScriptDirectory.from_config(alembic_config(migrated_database_url))

    assert len(script.get_heads()) == 1


def test_the_migrations_go_down_to_nothing_and_up_again(migrated_database_url):
    config = alembic_config(migrated_database_url)
    engine = make_engine(migrated_database_url)

    command.downgrade(config, "base")
    emptied = set(inspect(engine).get_table_names()) - {"alembic_version"}
    command.upgrade(config, "head")
    rebuilt = set(inspect(engine).get_table_names())
    engine.dispose()

    assert emptied == set()
    assert set(Base.metadata.tables) <= rebuilt
