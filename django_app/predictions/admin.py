"""The data admin: read-only predictions with a CSV export, the uploads, the users, and the
login lockouts.

A site of its own that holds only these four, and that shares the site's login page: an
anonymous visitor is sent to /accounts/login/, a signed-in user who is not staff gets 403.
Like the site's pages, every admin view names the methods it takes: an admin page is read
by GET (or HEAD) and its forms sent by POST, so any other method is a 405 before anything
else is checked.

Flask counterpart: flask_app/admin.py
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_safe

from shared_model.pages.csv_io import csv_text
from shared_model.pages.presentation import EXPORT_COLUMNS

from . import services
from .models import Prediction, Upload

User = get_user_model()


class DataAdminSite(admin.AdminSite):
    site_header = "Iris predictor data admin"
    site_title = "Iris predictor admin"
    index_title = "Data"

    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable:
        protected = super().admin_view(view, cacheable)
        # Logging out is a POST only (Django's LogoutView); every other admin view is a page.
        methods = ["POST"] if view == self.logout else ["GET", "HEAD", "POST"]

        @require_http_methods(methods)
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path())
            return protected(request, *args, **kwargs)

        return guarded

    @method_decorator(require_safe)
    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """The admin has no login page of its own: it uses the site's."""
        default = reverse("admin:index", current_app=self.name)
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME, default))


admin_site = DataAdminSite(name="admin")


class HasFeedbackFilter(admin.SimpleListFilter):
    title = "has feedback"
    parameter_name = "has_feedback"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(true_label__isnull=self.value() == "no")
        return queryset


@admin.register(Prediction, site=admin_site)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ["id", "username", "label", "model_version", "created_at", "has_feedback"]
    list_filter = ["label", "model_version", "created_at", HasFeedbackFilter]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    actions = ["export_csv"]
    view_on_site = False

    @admin.display(description="user", ordering="user__username")
    def username(self, prediction: Prediction) -> str:
        return prediction.user.username

    @admin.display(description="has feedback", boolean=True, ordering="true_label")
    def has_feedback(self, prediction: Prediction) -> bool:
        return prediction.has_feedback

    @admin.action(description="Export selected as CSV")
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        predictions = queryset.select_related("user").order_by("id")
        rows = (prediction.export_row for prediction in predictions)
        # csv_text escapes formula-looking cells: a username may start with "+", "-" or "@".
        response = HttpResponse(
            csv_text(EXPORT_COLUMNS, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="predictions.csv"'
        return response

    # Predictions are records of what the model said: nobody adds, edits or deletes one here.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Prediction | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Prediction | None = None) -> bool:
        return False


@admin.register(Upload, site=admin_site)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["id", "username", "name", "row_count", "created_at"]
    list_filter = ["created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    view_on_site = False

    @admin.display(description="user", ordering="user__username")
    def username(self, upload: Upload) -> str:
        return upload.user.username

    # An upload is a record of what was sent: nobody adds, edits or deletes one here.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Upload | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Upload | None = None) -> bool:
        return False


@admin.register(User, site=admin_site)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["username"]
    actions = ["activate", "deactivate"]

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # A data admin manages accounts, not privileges: no superuser flag, groups or
        # permissions, which would let them raise their own.
        return [
            (None, {"fields": ["username", "password"]}),
            ("Status", {"fields": ["is_active", "is_staff"]}),
            ("Important dates", {"fields": ["last_login", "date_joined"]}),
        ]

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def _changeable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    @admin.action(description="Activate selected users", permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet) -> None:
        users = self._changeable(request, queryset)
        count = services.user_set_active(users=users, is_active=True)
        self.message_user(request, f"Activated {count} user(s).")

    @admin.action(description="Deactivate selected users", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet) -> None:
        users = self._changeable(request, queryset)
        count = services.user_set_active(users=users, is_active=False)
        self.message_user(request, f"Deactivated {count} user(s).")


@admin.register(AccessAttempt, site=admin_site)
class LoginFailureAdmin(AccessAttemptAdmin):
    """django-axes' own admin of failed logins, on this site: deleting a record (the list's
    delete action) ends that username and address's lockout."""
