"""Alembic's environment for the FastAPI app: its tables, and the database DATABASE_URL names.

Alembic's generic template, online mode only, with the URL read as the app reads it. The
engine here is a plain one, without the app's SQLite setup (shared_model.web.engines): SQLite
then leaves foreign keys unenforced while migrating, as Alembic's batch operations need.
"""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from fastapi_app.config import Settings
from fastapi_app.models import Base

config = context.config
# Keep the loggers that exist already (the tests', a server's): only add alembic's.
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_migrations_online() -> None:
    url = config.attributes.get("database_url") or Settings.from_environment().database_url
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
