"""The tables: users, a stored prediction with its feedback, an uploaded file's batch of
them, a user's hashed API token, the failed logins of a username from a client address
(the login throttle's counts), and the Idempotency-Keys of the API's predict requests.

Flask has no user model of its own, so `User` is written here, with the columns Django's
`auth.User` gives the Django app for free: a unique username under Django's rules, a
password hashed with a slow KDF (scrypt, through Werkzeug), the active and staff flags; and
one Django has no need of, a session token, because Flask keeps the session in the cookie.

Django counterpart: django_app/predictions/models.py
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import (
    Mapped,
    WriteOnlyMapped,
    mapped_column,
    orm_insert_sentinel,
    relationship,
    validates,
)
from werkzeug.security import check_password_hash, generate_password_hash

from shared_model.api.idempotency import MAX_KEY_LENGTH
from shared_model.pages.csv_io import UPLOAD_NAME_MAX_LENGTH, download_filename
from shared_model.pages.presentation import PredictionDisplay

from .extensions import db

# Django's username rules and messages (django.contrib.auth.validators), so both apps
# accept and refuse the same names with the same words.
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
# The largest id either database can hold. Werkzeug's `int` converter and Flask-Admin take
# any number, and both databases refuse a larger one ("out of range", OverflowError) where
# Django's ORM finds no row: an id is checked against it before any query.
MAX_ID = 2**63 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime: SQLite hands back naive ones, which are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    # A column, so it replaces UserMixin's `is_active`, which is always True.
    is_active: Mapped[bool] = mapped_column(default=True)
    is_staff: Mapped[bool] = mapped_column(default=False)
    date_joined: Mapped[datetime] = mapped_column(default=utcnow)
    last_login: Mapped[datetime | None]
    # What the session cookie names instead of the id: Flask-Login's "alternative token".
    # Flask's session is a signed cookie the server cannot revoke, so a copy taken before a
    # logout would still sign in; a new token makes every earlier cookie name nobody.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)

    predictions: WriteOnlyMapped[Prediction] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    api_token: Mapped[ApiToken | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<User {self.username}>"

    def __str__(self) -> str:
        return self.username

    def get_id(self) -> str:
        return self.session_token

    def rotate_session_token(self) -> None:
        """Sign the user out everywhere: every session made before now stops working."""
        self.session_token = new_session_token()

    @validates("is_active")
    def validate_is_active(self, key: str, is_active: bool) -> bool:
        # Deactivated, or reactivated: no session from before survives the change.
        if is_active != self.is_active:
            self.rotate_session_token()
        return is_active

    @validates("username")
    def validate_username(self, key: str, username: str) -> str:
        if len(username) > USERNAME_MAX_LENGTH or not re.match(USERNAME_PATTERN, username):
            raise ValueError(USERNAME_INVALID)
        return username

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        # As Django does on a password change: the sessions made with the old password end.
        self.rotate_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Upload(db.Model):
    """A CSV file of flowers predicted at once; its predictions point to it."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey(User.id, ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(UPLOAD_NAME_MAX_LENGTH))
    row_count: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User] = relationship()
    predictions: WriteOnlyMapped[Prediction] = relationship(
        back_populates="upload", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Upload #{self.id}: {self.name}>"

    def __str__(self) -> str:
        return f"Upload #{self.id}: {self.name}"

    @property
    def download_filename(self) -> str:
        return download_filename(self.name)


class Prediction(PredictionDisplay, db.Model):
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
    # NULL, not "", means "no feedback yet", as in the Django app's table.
    true_label: Mapped[str | None] = mapped_column(String(20))
    feedback_at: Mapped[datetime | None]
    # Set for a prediction made from an uploaded file: the upload, and the row's line in it.
    upload_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey(Upload.id, ondelete="CASCADE"), index=True
    )
    upload_line: Mapped[int | None]
    # For SQLAlchemy only: its place in a batch INSERT. SQLite cannot say which new id went
    # to which row of a multi-row INSERT ... RETURNING, so SQLAlchemy, asked for the ids in
    # the order of the rows, writes a batch one row a statement, unless the table has such
    # a column: it fills it with each row's position and sorts the returned rows by it
    # (its "insertmanyvalues" sentinel). A thousand rows are then one statement. Never read.
    _sentinel: Mapped[int | None] = orm_insert_sentinel()

    user: Mapped[User] = relationship(back_populates="predictions")
    upload: Mapped[Upload | None] = relationship(back_populates="predictions")

    def __repr__(self) -> str:
        return f"<Prediction #{self.id}: {self.label}>"

    def __str__(self) -> str:
        return f"Prediction #{self.id}: {self.label}"


# A user's history is read newest first; a functional index cannot sit in the class body.
Index("ix_prediction_user_id_created_at", Prediction.user_id, Prediction.created_at.desc())


class ApiToken(db.Model):
    """One token a user: only the SHA-256 hash of the token is stored."""

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


# IPv6 addresses, written out, are at most 45 characters.
ADDRESS_MAX_LENGTH = 45


class LoginFailure(db.Model):
    """Failed logins of one username (existing or not) from one client address, counted by
    the login throttle (services.login_failure_record). Django's app keeps them in
    django-axes' AccessAttempt table; no Flask extension keeps such counts in SQL."""

    __table_args__ = (UniqueConstraint("username", "address"),)

    # 64 bits, except in SQLite, which auto-increments only an INTEGER PRIMARY KEY.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    # The unique (username, address) index also serves lookups by username alone.
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH))
    address: Mapped[str] = mapped_column(String(ADDRESS_MAX_LENGTH))
    failures: Mapped[int]
    last_failure_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<LoginFailure {self.username} from {self.address}: {self.failures}>"


class IdempotencyKey(db.Model):
    """A key a user sent with `POST /api/v1/predict`, and the answer it got (idempotency.py).

    The answer is stored in the transaction that claims the key and stores the predictions,
    so a committed key always has one; the columns are NULL only inside that transaction."""

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
