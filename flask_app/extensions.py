"""The Flask extensions, created here unbound and bound to an app by `create_app`.

Creating them once at import time and binding them with `init_app` is what lets the
application factory build as many apps as it likes (one per test, for instance), and lets
any module import `db` without importing the app. Beside them, what the app reaches through
them: `transaction`, the services' transactions on `db.session` (Django's
`transaction.atomic`), and `get_predictor`.

No Django counterpart: Django ships the ORM, migrations, auth, CSRF and the admin built in,
and switches them on in django_app/config/settings.py.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, registry

from shared_model.model import predictor
from shared_model.model.predictor import Predictor
from shared_model.web import transactions
from shared_model.web.transactions import session_transaction

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    # Set on a registry rather than as class attributes: Flask-SQLAlchemy subclasses this base.
    registry = registry(
        # Named constraints, so that a later migration can drop or alter them on any database.
        metadata=MetaData(
            naming_convention={
                "ix": "ix_%(column_0_label)s",
                "uq": "uq_%(table_name)s_%(column_0_name)s",
                "ck": "ck_%(table_name)s_%(constraint_name)s",
                "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
                "pk": "pk_%(table_name)s",
            }
        ),
        # Every moment is stored with its time zone (UTC), as Django does with USE_TZ.
        type_annotation_map={datetime: DateTime(timezone=True)},
    )


# Objects stay readable after a commit: a batch of a thousand predictions becomes JSON
# without a thousand refreshing SELECTs.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate(directory=str(MIGRATIONS_DIR))
login_manager = LoginManager()
csrf = CSRFProtect()
admin = Admin(name="Iris predictor data admin", theme=Bootstrap4Theme())


def transaction():
    """The block as one transaction of `db.session`, as Django's `transaction.atomic`
    (shared_model/web/transactions.py): the outermost block commits or rolls back, inner
    blocks join it. Also a decorator: `@transaction()`.

    Django commits each query by itself unless a block says otherwise, so only its services
    that write more than once need `atomic`. SQLAlchemy's session keeps one transaction open
    until it is committed, so every service here that writes names its transaction, and
    none calls `commit` itself.
    """
    return session_transaction(db.session)


def set_rollback() -> None:
    """End the current `transaction()` with a rollback, without raising (Django's
    `transaction.set_rollback(True)`)."""
    transactions.set_rollback(db.session)


def get_predictor() -> Predictor:
    """The current app's predictor: loaded by flask_app/wsgi.py in the web process, on first
    use in a command or a test."""
    extensions = current_app.extensions
    if "predictor" not in extensions:
        extensions["predictor"] = predictor.get_predictor()
    return extensions["predictor"]
