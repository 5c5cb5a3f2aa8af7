"""Accounts: sign-up, login, logout and the API token page.

Login and logout are Django's own views, with two changes both apps share: a failed login
answers 400, and `next` is followed only when it is a path on this site.

Flask counterpart: flask_app/auth.py
"""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from . import services
from .forms import LoginForm, SignupForm
from .models import ApiToken


def signup(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            user = services.user_create(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
            login(request, user)
            return redirect("predict")
        return render(request, "signup.html", {"form": form}, status=400)
    return render(request, "signup.html", {"form": SignupForm()})


class LoginView(auth_views.LoginView):
    template_name = "login.html"
    form_class = LoginForm

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_redirect_url(self) -> str:
        """`next` if it is a path on this site (one leading slash, no scheme, no host), else ""."""
        target = self.request.POST.get("next", self.request.GET.get("next", ""))
        is_local_path = target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts=None
        )
        return target if is_local_path else ""


logout = auth_views.LogoutView.as_view()


# The page shows a live credential once: no browser or proxy may keep a copy.
@never_cache
@login_required
def token(request: HttpRequest) -> HttpResponse:
    """The API token page: whether there is a token; a POST makes a new one, shown once."""
    new_token = None
    if request.method == "POST":
        new_token = services.api_token_issue(user=request.user)
    current = ApiToken.objects.filter(user=request.user).first()
    return render(request, "token.html", {"api_token": current, "new_token": new_token})
