"""Accounts: sign-up, login, logout and the API token page.

Login and logout are Django's own views, with two changes both apps share: a failed login
answers 400, and `next` is followed only when it is a path on this site. Login throttling is
django-axes' (its backend, middleware and table); `lockout_response` is the page it answers.

Flask counterpart: flask_app/auth.py
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shared_model.web import throttling
from shared_model.web.settings import client_address as forwarded_client_address

from . import selectors, services
from .forms import LoginForm, SignupForm


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            user = services.user_create(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
            services.user_login(request=request, user=user)
            return redirect("predict")
        return render(request, "signup.html", {"form": form}, status=400)
    return render(request, "signup.html", {"form": SignupForm()})


class LoginView(auth_views.LoginView):
    # A form's page: not the PUT that FormView would take as a POST, nor an OPTIONS answer.
    http_method_names = ["get", "head", "post"]
    template_name = "login.html"
    form_class = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        services.user_login(request=self.request, user=form.get_user())
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_redirect_url(self) -> str:
        """`next` if it is a path on this site (one leading slash, no scheme, no host), else ""."""
        target = self.request.POST.get("next", self.request.GET.get("next", ""))
        is_local_path = target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts=None
        )
        return target if is_local_path else ""


def client_address(request: HttpRequest) -> str:
    """The address django-axes counts failures by: the client's, past PROXY_COUNT proxies."""
    return forwarded_client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        settings.PROXY_COUNT,
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse, credentials: dict | None
) -> HttpResponse:
    """django-axes' answer to a locked-out login: the login page, 429, the contract's message.

    axes marks the pair locked at the failure that reaches the limit; the contract refuses
    only the attempts after it, so that failure keeps its ordinary answer.
    """
    if getattr(request, "axes_failures_since_start", 0) <= throttling.FAILURE_LIMIT:
        return original_response
    username = (credentials or {}).get("username", "")
    context = {
        "form": LoginForm(request, initial={"username": username}),
        "locked_out": throttling.LOCKED_OUT_MESSAGE,
    }
    response = render(request, "login.html", context, status=429)
    add_never_cache_headers(response)
    return response


class LogoutView(auth_views.LogoutView):
    # POST only, as Django's own; no OPTIONS answer either, as on every other page.
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        services.user_logout(request=request)
        return HttpResponseRedirect(self.get_success_url())


# The page shows a live credential once: no browser or proxy may keep a copy.
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def token(request: HttpRequest) -> HttpResponse:
    """The API token page: whether there is a token; a POST makes a new one, shown once."""
    new_token = None
    if request.method == "POST":
        new_token = services.api_token_issue(user=request.user)
    api_token = selectors.api_token_for_user(user=request.user)
    return render(request, "token.html", {"api_token": api_token, "new_token": new_token})
