"""Signing in and out, the admin second factor, resetting and changing a password."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from marketplace.accounts import passwords, services
from marketplace.accounts.middleware import SECOND_FACTOR_SESSION_KEY
from marketplace.accounts.models import EmailLink

from ..access import admin_required, client_ip, signed_in_required
from ..forms import add_service_errors


class SignInForm(forms.Form):
    email = forms.CharField(label="Email address", max_length=320, required=False)
    password = forms.CharField(label="Password", max_length=4096, required=False, strip=False)

    def clean(self):
        data = super().clean()
        if not data.get("email"):
            self.add_error("email", "Enter your email address")
        if not data.get("password"):
            self.add_error("password", "Enter your password")
        return data


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


def home_for(user):
    if user.is_platform_admin:
        return "/admin/"
    return "/buyers" if user.is_buyer else "/suppliers"


def sign_in(request):
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in(form.cleaned_data["email"], form.cleaned_data["password"], client_ip(request))
        except services.SignInRefused as refused:
            form.add_error(None, str(refused))
        else:
            login(request, user, backend="marketplace.accounts.backends.EmailBackend")
            next_url = _next_url(request, home_for(user))
            if user.is_platform_admin:
                request.session[SECOND_FACTOR_SESSION_KEY] = False
                request.session["after_second_factor"] = next_url
                return redirect("web:second-factor" if user.totp_confirmed_at else "web:second-factor-set-up")
            return redirect(next_url)
    return render(request, "web/account/sign_in.html", {"form": form, "next": _next_url(request, "")})


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("web:home")


class CodeForm(forms.Form):
    code = forms.CharField(label="Code from your authenticator app", max_length=20, required=False)


@admin_required
def second_factor(request):
    user = request.user
    if not user.totp_confirmed_at:
        return redirect("web:second-factor-set-up")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_second_factor(user, form.cleaned_data["code"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.cycle_key()
            request.session[SECOND_FACTOR_SESSION_KEY] = True
            return redirect(request.session.pop("after_second_factor", "/admin/"))
    return render(request, "web/account/second_factor.html", {"form": form})


@admin_required
def second_factor_set_up(request):
    user = request.user
    if user.totp_confirmed_at:
        return redirect("web:second-factor")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_totp_setup(user, form.cleaned_data["code"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.cycle_key()
            request.session[SECOND_FACTOR_SESSION_KEY] = True
            messages.success(request, "Your second factor is set up. You will need a code each time you sign in.")
            return redirect(request.session.pop("after_second_factor", "/admin/"))
    # The key stays the same until it is confirmed, so an app that already scanned it keeps working after a reload.
    uri = services.totp_uri(user) if user.totp_secret else services.start_totp_setup(user)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4, title="QR code for your authenticator app")
    return render(request, "web/account/second_factor_set_up.html",
                  {"form": form, "secret": user.totp_secret, "qr_svg": qr_svg})


class EmailForm(forms.Form):
    email = forms.CharField(label="Email address", max_length=320, required=False)


def reset_password_request(request):
    form = EmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_password_reset(form.cleaned_data["email"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "web/account/reset_password_sent.html", {
                "email": services.normalise_email(form.cleaned_data["email"]),
                "hours": int(services.RESET_LINK_LIFETIME.total_seconds() // 3600)})
    return render(request, "web/account/reset_password_request.html", {"form": form})


class NewPasswordForm(forms.Form):
    password = forms.CharField(label="New password", max_length=4096, required=False, strip=False)


def reset_password(request, token):
    link = services.find_link(EmailLink.Purpose.RESET_PASSWORD, token)
    if link is None:
        return render(request, "web/account/link_expired.html", {
            "heading": "This link has expired or has already been used",
            "again": [{"href": reverse("web:reset-password"), "text": "Ask for a new link",
                       "after": "to reset your password"}],
        }, status=404)
    form = NewPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_password_reset(link, form.cleaned_data["password"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your password has been changed. Sign in with your new password.")
            return redirect("web:sign-in")
    return render(request, "web/account/reset_password.html", {"form": form, "password_hint": passwords.RULES})


class ChangePasswordForm(forms.Form):
    current_password = forms.CharField(label="Current password", max_length=4096, required=False, strip=False)
    new_password = forms.CharField(label="New password", max_length=4096, required=False, strip=False)


@signed_in_required
def change_password(request):
    form = ChangePasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(request.user, form.cleaned_data["current_password"],
                                     form.cleaned_data["new_password"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "Your password has been changed.")
            return redirect(home_for(request.user))
    return render(request, "web/account/change_password.html", {
        "form": form, "password_hint": passwords.RULES, "back": home_for(request.user)})
