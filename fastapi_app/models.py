"""The tables: users, a user's hashed API token, the predictions, and the Idempotency-Keys
of the predict requests.

Plain SQLAlchemy 2 in its typed `Mapped[...]` style, with a declarative base of the app's
own: FastAPI has no ORM and no extension that binds one (database.py makes the engine). The
API has no pages, so no session, upload or login-failure table: a user exists to own a
token and predictions, and gets a password (hashed with Argon2 by pwdlib, as FastAPI's
security tutorial does) only so that the account means the same as in the other apps.

Django counterpart: django_app/predictions/models.py; Flask counterpart: flask_app/models.py
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from pwdlib import PasswordHash
from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    mapped_column,
    orm_insert_sentinel,
    relationship,
    validates,
)

from shared_model.api.idempotency import MAX_KEY_LENGTH

# Django's username rules and messages (django.contrib.auth.validators), as the Flask app
# writes them out too, so the three apps accept and refuse the same names.
USERNAME_MAX_LENGTH = 150
USERNAME_PATTERN = r"^[\w.@+-]+\Z"
USERNAME_INVALID = (
    "Enter a valid username. This value may contain only letters, numbers, "
    "and @/./+/-/_ characters."
)
USERNAME_TAKEN = "A user with that username already exists."
# 64-bit ids, as Django's BigAutoField. SQLite auto-increments only a column declared
# INTEGER PRIMARY KEY (64 bits there), so SQLite keeps that spelling.
BigId = BigInteger().with_variant(Integer, "sqlite")

password_hash = PasswordHash.recommended()


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Named constraints, so that a later migration can drop or alter them on any database.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    # Every moment is stored with its time zone (UTC), as Django does with USE_TZ.
    type_annotation_map = {datetime: DateTime(timezone=True)}


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    is_active: Mapped[bool] = mapped_column(default=True)
    is_staff: Mapped[bool] = mapped_column(default=False)
    date_joined: Mapped[datetime] = mapped_column(default=utcnow)

    api_token: Mapped[ApiToken | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<User {self.username}>"

    @validates("username")
    def validate_username(self, key: str, username: str) -> str:
        if len(username) > USERNAME_MAX_LENGTH or not re.match(USERNAME_PATTERN, username):
            raise ValueError(USERNAME_INVALID)
        return username

    def set_password(self, password: str) -> None:
        self.password_hash = password_hash.hash(password)


class ApiToken(Base):
    """One token a user: only the SHA-256 hash of the token is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey(User.id, ondelete="CASCADE"), unique=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="api_token")

    def __repr__(self) -> str:
        return f"<ApiToken of {self.user_id}>"


class Prediction(Base):
    __tablename__ = "prediction"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey(User.id, ondelete="CASCADE"))
    sepal_length: Mapped[float]
    sepal_width: Mapped[float]
    petal_length: Mapped[float]
    petal_width: Mapped[float]
    label: Mapped[str] = mapped_column(String(20), index=True)
    probabilities: Mapped[dict[str, float]] = mapped_column(JSON)
    warnings: Mapped[list[dict]] = mapped_column(JSON, default=list)
    model_version: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # The demo data's feedback; NULL, not "", means "no feedback yet", as in the other apps.
    true_label: Mapped[str | None] = mapped_column(String(20))
    feedback_at: Mapped[datetime | None]
    # For SQLAlchemy only, as in the Flask app: a batch's rows are numbered in it, so that
    # SQLite's INSERT ... RETURNING gives their ids back in order in one statement. Never read.
    _sentinel: Mapped[int | None] = orm_insert_sentinel()

    def __repr__(self) -> str:
        return f"<Prediction #{self.id}: {self.label}>"


# A user's history is read newest first; a functional index cannot sit in the class body.
Index("ix_prediction_user_id_created_at", Prediction.user_id, Prediction.created_at.desc())


class IdempotencyKey(Base):
    """A key a user sent with `POST /api/v1/predict`, and the answer it got (idempotency.py).

    The answer is stored in the transaction that claims the key and stores the predictions,
    so a committed key always has one; the columns are NULL only inside that transaction."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey(User.id, ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    body_sha256: Mapped[str] = mapped_column(String(64))
    response_status: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    # Indexed for the deletion of expired keys.
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<IdempotencyKey {self.key!r} of user #{self.user_id}>"
