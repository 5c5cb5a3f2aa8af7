"""Accounts: sign-up, login, logout and the API token page, with Flask-Login's session.

What Django's auth views do for the Django app is written out here: checking a password
without telling whether the username exists, following `next` only when it is a path on
this site, logging out by POST only. So is login throttling, which django-axes does for the
Django app: Flask-Limiter limits request rates, in memory or Redis, not failures in SQL, so
the counts are a table and services of this app's own (models.LoginFailure).

Django counterpart: django_app/predictions/auth.py
"""

from __future__ import annotations

from functools import cache, wraps
from urllib.parse import urlsplit

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash, generate_password_hash

from shared_model.web import throttling

from . import selectors, services
from .extensions import login_manager
from .forms import LoginForm, SignupForm
from .models import User

bp = Blueprint("auth", __name__, url_prefix="/accounts")

LOGIN_FAILED = (
    "Please enter a correct username and password. Note that both fields may be case-sensitive."
)

login_manager.login_view = "auth.login"
# Django's login_required redirects without a message; so does this app.
login_manager.login_message = None


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    # The session holds the user's session token (User.get_id), not the id, so a new token
    # ends the sessions made before it. An inactive user's sessions stop at once, as with
    # Django's ModelBackend.
    return selectors.user_get_by_session_token(session_token=session_token)


@cache
def _unknown_user_hash() -> str:
    return generate_password_hash("a password no user has")


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None, as Django's `authenticate`.

    An unknown username costs one password hash too, so the time taken does not tell
    whether the username exists.
    """
    user = selectors.user_get_by_username(username=username)
    if user is None:
        check_password_hash(_unknown_user_hash(), password)
        return None
    if user.check_password(password) and user.is_active:
        return user
    return None


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site (one leading slash, no scheme, no host), else None.

    Flask has no helper for this (Django has `url_has_allowed_host_and_scheme`). Browsers
    read a backslash as a slash, so `/\\evil.com` would leave the site: it is refused too.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(character) < 32 for character in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def no_store(view):
    """Tell browsers and proxies to keep no copy of the view's answers (Django: `never_cache`).

    For the pages that hold a secret: the API token, shown once, and the login form with its
    CSRF token.
    """

    @wraps(view)
    def uncached(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.cache_control.no_store = True
        return response

    return uncached


@bp.route("/signup/", methods=["GET", "POST"])
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        user = services.user_create(username=form.username.data, password=form.password.data)
        services.user_login(user=user)
        return redirect(url_for("pages.predict"))
    return render_template("signup.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/login/", methods=["GET", "POST"])
@no_store
def login():
    form = LoginForm()
    next_path = local_path(request.form.get("next") or request.args.get("next"))
    if form.validate_on_submit():
        # The client's address as the proxy in front reports it (ProxyFix, see create_app).
        pair = {"username": form.username.data, "address": request.remote_addr or ""}
        if selectors.login_locked_out(**pair):
            # Refused before any password check; the attempt counts, as with django-axes.
            services.login_failure_record(**pair)
            page = render_template(
                "login.html", form=form, next=next_path, locked_out=throttling.LOCKED_OUT_MESSAGE
            )
            return page, 429
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            services.login_failures_clear(**pair)
            services.user_login(user=user)
            return redirect(next_path or url_for("pages.predict"))
        services.login_failure_record(**pair)
        form.form_errors.append(LOGIN_FAILED)
    status = 400 if form.is_submitted() else 200
    return render_template("login.html", form=form, next=next_path), status


@bp.post("/logout/")
def logout():
    services.user_logout(user=current_user)
    return redirect(url_for("pages.home"))


# The page shows a live credential once: no browser or proxy may keep a copy.
@bp.route("/token/", methods=["GET", "POST"])
@no_store
@login_required
def token():
    """The API token page: whether there is a token; a POST makes a new one, shown once."""
    new_token = None
    if request.method == "POST":
        new_token = services.api_token_issue(user=current_user)
    api_token = selectors.api_token_for_user(user=current_user)
    return render_template("token.html", api_token=api_token, new_token=new_token)
