"""The data admin: read-only predictions with a CSV export, the uploads, the users, and the
login lockouts.

Flask-Admin builds it from the models, on the site's own login: an anonymous visitor is
sent to /accounts/login/, a signed-in user who is not staff gets 403. Flask has no
permissions system, so the staff flag alone opens the admin.

Its forms are guarded by the app's CSRFProtect: Flask-Admin's templates put Flask-WTF's
`csrf_token()` in every form they render (its own SecureForm would send a token that
CSRFProtect does not know). Its menus use inline `onclick` attributes and `javascript:`
URLs, which the Content-Security-Policy blocks (no nonce can allow an event-handler
attribute, and none is needed: its pages hold no inline <script>). Two of its templates are
overridden in templates/admin/ without them, and static/admin/actions.js binds the "With
selected" actions from a file.

Django counterpart: django_app/predictions/admin.py
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, flash
from flask_admin import AdminIndexView
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from flask_admin.menu import MenuLink
from flask_login import current_user

from shared_model.model.schema import CLASSES, FEATURE_NAMES
from shared_model.pages.csv_io import escape_cell
from shared_model.pages.presentation import EXPORT_CELLS, EXPORT_COLUMNS
from shared_model.web import throttling

from . import services
from .extensions import admin, db, login_manager
from .models import MAX_ID, LoginFailure, Prediction, Upload, User, as_utc, utcnow

assets = Blueprint(
    "admin_assets", __name__, static_folder="static/admin", static_url_path="/admin/assets"
)


def row_id(text: str) -> int | None:
    """The id that `text` (from a URL or a form) names, or None if no row can have it."""
    return int(text) if text.isdecimal() and int(text) <= MAX_ID else None


def row_ids(texts: list[str]) -> list[int]:
    """The ids that `texts` name, leaving out those no row can have."""
    return [pk for pk in map(row_id, texts) if pk is not None]


class StaffOnly:
    """Opens a view to staff; sends anyone else to log in, or answers 403 once signed in."""

    def is_accessible(self) -> bool:
        return current_user.is_authenticated and current_user.is_staff

    def inaccessible_callback(self, name, **kwargs):
        if current_user.is_authenticated:
            abort(403)
        return login_manager.unauthorized()


class StaffIndexView(StaffOnly, AdminIndexView):
    pass


class StaffModelView(StaffOnly, ModelView):
    # Readable filter arguments in the URL: ?flt0_label_equals=setosa
    named_filter_urls = True

    def get_one(self, id: str):
        # ?id= is any text to Flask-Admin: one no row can have is "Record does not exist."
        # rather than a number the database refuses.
        return super().get_one(id) if row_id(id) is not None else None

    def get_list(self, page, *args, page_size=None, **kwargs):
        # Flask-Admin takes any integer from ?page=. No table holds more than MAX_ID rows, so a
        # page starting past that (or a negative one) is a page past the end, shown empty,
        # rather than an offset the database refuses.
        last_page = MAX_ID // (page_size or self.page_size)
        page = min(max(page or 0, 0), last_page)
        return super().get_list(page, *args, page_size=page_size, **kwargs)


class HasFeedbackFilter(BaseSQLAFilter):
    def apply(self, query, value, alias=None):
        has_feedback = Prediction.true_label.is_not(None)
        return query.filter(has_feedback if value == "yes" else ~has_feedback)

    def operation(self) -> str:
        return "is"


class PredictionAdmin(StaffModelView):
    # Predictions are records of what the model said: nobody adds, edits or deletes one here.
    can_create = False
    can_edit = False
    can_delete = False
    can_view_details = True
    can_export = True
    export_types = ["csv"]

    column_list = ["id", "user.username", "label", "model_version", "created_at", "has_feedback"]
    column_labels = {"user.username": "User"}
    # Loaded with each row: the CSV export writes its rows after the request's session ends.
    column_select_related_list = [Prediction.user]
    column_sortable_list = [
        "id",
        "user.username",
        "label",
        "model_version",
        "created_at",
        ("has_feedback", "true_label"),
    ]
    # Newest first; a batch shares one created_at, so the id breaks the tie, newest first too.
    column_default_sort = [("created_at", True), ("id", True)]
    column_searchable_list = ["user.username"]
    column_filters = [
        FilterEqual(Prediction.label, "Label", options=[(name, name) for name in CLASSES]),
        FilterEqual(Prediction.model_version, "Model version"),
        "created_at",
        HasFeedbackFilter(
            Prediction.true_label, "Has feedback", options=[("yes", "Yes"), ("no", "No")]
        ),
    ]
    column_details_list = [
        "id",
        "user.username",
        *FEATURE_NAMES,
        "label",
        "probabilities",
        "warnings",
        "model_version",
        "created_at",
        "true_label",
        "feedback_at",
    ]
    # Shown as the site shows times (UTC, to the minute), not as a raw database value.
    column_formatters = {
        name: lambda view, context, prediction, name: (
            f"{getattr(prediction, name):%Y-%m-%d %H:%M} UTC" if getattr(prediction, name) else ""
        )
        for name in ("created_at", "feedback_at")
    }

    # The CSV export's columns and cells are shared_model's, as in the Django admin;
    # Flask-Admin asks for them one cell at a time.
    def get_export_columns(self):
        return [(name, name) for name in EXPORT_COLUMNS]

    def get_export_value(self, model, name):
        # A formula-looking cell is escaped: a username may start with "+", "-" or "@".
        return escape_cell(EXPORT_CELLS[name](model))


class UploadAdmin(StaffModelView):
    # An upload is a record of what was sent: nobody adds, edits or deletes one here.
    can_create = False
    can_edit = False
    can_delete = False
    can_view_details = True

    column_list = ["id", "user.username", "name", "row_count", "created_at"]
    column_labels = {"user.username": "User", "row_count": "Rows"}
    column_sortable_list = ["id", "user.username", "name", "row_count", "created_at"]
    column_default_sort = [("created_at", True), ("id", True)]
    column_searchable_list = ["user.username"]
    column_filters = ["created_at"]
    column_formatters = {
        "created_at": lambda view, context, upload, name: f"{upload.created_at:%Y-%m-%d %H:%M} UTC"
    }


class UserAdmin(StaffModelView):
    # Accounts come from sign-up and `create-user`; a data admin manages them, never deletes.
    can_create = False
    can_delete = False

    column_list = ["username", "is_active", "is_staff", "date_joined", "last_login"]
    column_default_sort = "username"
    column_searchable_list = ["username"]
    column_filters = ["is_active", "is_staff"]
    column_details_exclude_list = ["password_hash"]
    form_columns = ["is_active", "is_staff"]

    @action("activate", "Activate selected users")
    def activate(self, ids: list[str]) -> None:
        count = services.user_set_active(user_ids=row_ids(ids), is_active=True)
        flash(f"Activated {count} user(s).")

    @action("deactivate", "Deactivate selected users")
    def deactivate(self, ids: list[str]) -> None:
        count = services.user_set_active(user_ids=row_ids(ids), is_active=False)
        flash(f"Deactivated {count} user(s).")


class LoginFailureAdmin(StaffModelView):
    """The login throttle's counts: deleting a row ends that username and address's lockout."""

    can_create = False
    can_edit = False
    column_list = ["username", "address", "failures", "last_failure_at", "locked_out"]
    column_default_sort = ("last_failure_at", True)
    column_searchable_list = ["username", "address"]
    column_filters = ["last_failure_at"]
    column_formatters = {
        "locked_out": lambda view, context, failure, name: throttling.is_locked_out(
            failure.failures, as_utc(failure.last_failure_at), utcnow()
        )
    }


admin.add_view(PredictionAdmin(Prediction, db, name="Predictions"))
admin.add_view(UploadAdmin(Upload, db, name="Uploads"))
admin.add_view(UserAdmin(User, db, name="Users"))
admin.add_view(LoginFailureAdmin(LoginFailure, db, name="Login failures"))
admin.add_link(MenuLink(name="Back to the site", url="/"))


def init_app(app: Flask) -> None:
    admin.init_app(app, index_view=StaffIndexView(name="Home", url="/admin"))
    app.register_blueprint(assets)
