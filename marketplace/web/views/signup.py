"""Creating accounts: a buyer signs up, a supplier registers its company, a colleague accepts an invitation.

Nothing exists until the emailed link is followed; the link page asks for a name and a password only.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from marketplace.accounts import passwords, services
from marketplace.accounts.models import EmailLink, Role
from marketplace.suppliers.models import OrganisationSize, RegistrationScheme, TradingStatus

from ..access import client_ip
from ..forms import add_service_errors
from .account import home_for

CHECK_YOUR_EMAIL_SESSION_KEY = "check_your_email"


def _sign_in(request, user):
    login(request, user, backend="marketplace.accounts.backends.EmailBackend")


def _check_your_email(request, email, about):
    request.session[CHECK_YOUR_EMAIL_SESSION_KEY] = {"email": email, "about": about}
    return redirect("web:check-your-email")


class EmailForm(forms.Form):
    email = forms.CharField(label="Email address", max_length=320, required=False)


def buyer_sign_up(request):
    form = EmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_buyer_sign_up(form.cleaned_data["email"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _check_your_email(request, services.normalise_email(form.cleaned_data["email"]), "buyer")
    return render(request, "web/signup/buyer_sign_up.html", {"form": form})


class RadiosField(forms.CharField):
    """What was picked, kept as typed for the service to check; the choices are only for drawing the radios."""

    def __init__(self, choices, **kwargs):
        super().__init__(required=False, **kwargs)
        self.choices = choices


class SupplierRegistrationForm(forms.Form):
    """Carries what was typed (and keeps it on an error); `check_company_details` decides what is acceptable."""

    name = forms.CharField(required=False)
    registered_name = forms.CharField(required=False)
    registration_scheme = RadiosField(RegistrationScheme.choices)
    registration_number = forms.CharField(required=False)
    registration_country = forms.CharField(required=False, initial="United Kingdom")
    trading_status = RadiosField(TradingStatus.choices)
    organisation_size = RadiosField(OrganisationSize.choices)
    vat_number = forms.CharField(required=False)
    address = forms.CharField(required=False)
    contact_name = forms.CharField(required=False)
    contact_email = forms.CharField(required=False)
    contact_phone = forms.CharField(required=False)
    email = forms.CharField(required=False)


def supplier_register(request):
    form = SupplierRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        company = {k: v for k, v in form.cleaned_data.items() if k != "email"}
        try:
            services.start_supplier_registration(company, form.cleaned_data["email"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _check_your_email(request, services.normalise_email(form.cleaned_data["email"]), "supplier")
    return render(request, "web/signup/supplier_register.html", {"form": form})


def check_your_email(request):
    sent = request.session.get(CHECK_YOUR_EMAIL_SESSION_KEY) or {}
    return render(request, "web/signup/check_your_email.html", {
        "email": sent.get("email"), "about": sent.get("about"), "days": services.SIGN_UP_LINK_LIFETIME.days,
    })


class NameAndPasswordForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=400, required=False)
    password = forms.CharField(label="Password", max_length=4096, required=False, strip=False)


def _link_expired(request, heading, again):
    return render(request, "web/account/link_expired.html", {"heading": heading, "again": again}, status=404)


def create_account(request, token):
    link = services.find_link(EmailLink.Purpose.SIGN_UP, token)
    if link is None:
        return _link_expired(request, "This link has expired or has already been used", [
            {"href": reverse("web:buyer-sign-up"), "text": "Create a buyer account",
             "after": "again if you work for a public body"},
            {"href": reverse("web:supplier-register"), "text": "Register as a supplier", "after": "again"},
        ])
    is_buyer = link.details.get("role") == Role.BUYER
    form = NameAndPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.complete_sign_up(link, form.cleaned_data["name"], form.cleaned_data["password"],
                                             client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _sign_in(request, user)
            messages.success(request, "Your account has been created and you are signed in.")
            return redirect(home_for(user))
    return render(request, "web/signup/create_account.html", {
        "form": form, "email": link.email, "is_buyer": is_buyer, "password_hint": passwords.RULES,
        "organisation": link.organisation, "company": link.details.get("company", {}),
    })


def join(request, token):
    link = services.find_link(EmailLink.Purpose.INVITATION, token)
    if link is None:
        return _link_expired(request, "This invitation has expired or has already been used", [
            {"href": reverse("web:sign-in"), "text": "Sign in",
             "after": "if you already have an account, or ask the colleague who invited you to invite you again"},
        ])
    form = NameAndPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(link, form.cleaned_data["name"], form.cleaned_data["password"],
                                              client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _sign_in(request, user)
            messages.success(request, "Your account has been created and you are signed in.")
            return redirect(home_for(user))
    team = link.organisation or link.supplier
    return render(request, "web/signup/join.html", {
        "form": form, "email": link.email, "team": team, "invited_by": link.invited_by,
        "password_hint": passwords.RULES,
    })
