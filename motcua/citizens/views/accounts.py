"""Sign-in (everybody), sign-out, sign-up, profile and password pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from motcua.citizens.forms import AccountForm, SignInForm, SignUpForm, add_errors
from motcua.citizens.services import accounts
from motcua.citizens.templatetags.citizens import workspace_url


def home_for(user) -> str:
    """Where a user lands after signing in: staff at their workspace, citizens at their
    dossiers."""
    if accounts.is_staff_member(user):
        return workspace_url()
    return reverse("citizens:dossiers")


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


class SignInView(auth_views.LoginView):
    template_name = "citizens/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return home_for(self.request.user)


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("catalogue:home")


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(home_for(request.user))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.sign_up(accounts.details_from_mapping(data), password=data["password1"])
        except ValidationError as error:
            add_errors(form, _password_errors(error))
        else:
            login(request, user, backend="motcua.citizens.backends.IdentifierBackend")
            messages.success(
                request, _("Your account is ready. You can submit dossiers online now.")
            )
            return redirect(_safe_next(request) or reverse("citizens:dossiers"))
    return render(request, "citizens/sign_up.html", {"form": form, "next": _safe_next(request)})


def _password_errors(error: ValidationError) -> ValidationError:
    """The service names the password field `password`; the form has two."""
    if hasattr(error, "error_dict") and "password" in error.error_dict:
        data = dict(error.message_dict)
        data["password1"] = data.pop("password")
        return ValidationError(data)
    return error


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    current = accounts.details_of(request.user)
    form = AccountForm(request.POST or None, initial=vars(current))
    if request.method == "POST" and form.is_valid():
        try:
            accounts.update_profile(
                request.user, accounts.details_from_mapping(form.cleaned_data, current)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("citizens:profile")
    return render(request, "citizens/profile.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "citizens/password_change.html"
    success_url = reverse_lazy("citizens:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response
