"""Accounts: signing up, signing in, locking, resetting, inviting, second factor and API tokens.

Every function that changes state writes its audit event in the same transaction. Field problems are raised
as `ValidationError({field: [messages]})`, so pages and the API show the same words.
"""

import datetime as dt
import re

import pyotp
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.text import capfirst

from marketplace import clock
from marketplace.audit.services import record_event
from marketplace.notifications.services import queue_email
from marketplace.organisations.services import domain_of_email, organisation_for_email
from marketplace.suppliers.models import OrganisationSize, Supplier
from marketplace.text import is_blank

from .models import ApiToken, EmailLink, Role, User
from .passwords import password_problems
from .tokens import digest, new_secret

SIGN_UP_LINK_LIFETIME = dt.timedelta(days=7)
INVITATION_LIFETIME = dt.timedelta(days=7)
RESET_LINK_LIFETIME = dt.timedelta(hours=24)

SIGN_IN_REFUSED = (
    "Enter the email address and password of an active account. After 5 wrong attempts the account is "
    "locked: reset your password to unlock it."
)
NOT_A_BUYER_DOMAIN = (
    "Enter an email address from a public body on the approved list (for example name@council.gov.uk). "
    "Personal email addresses cannot be used."
)


class SignInRefused(Exception):
    """Raised with the same words whatever was wrong, so nobody learns which part it was."""

    def __init__(self):
        super().__init__(SIGN_IN_REFUSED)


def normalise_email(email):
    return (email or "").strip().lower()


def check_email(email, field="email"):
    email = normalise_email(email)
    if not email:
        raise ValidationError({field: ["Enter an email address"]})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({field: ["Enter an email address in the correct format, like name@example.gov.uk"]})
    return email


def check_password(password, user=None, field="password"):
    problems = password_problems(password, user=user)
    if problems:
        raise ValidationError({field: problems})


def check_name_and_password(email, name, password):
    """A new account's name and password, both checked so that both problems show at once."""
    errors = {}
    try:
        name = check_name(name)
    except ValidationError as error:
        errors.update(error.message_dict)
    problems = password_problems(password, user=User(email=email, name=name if not errors else ""))
    if problems:
        errors["password"] = problems
    if errors:
        raise ValidationError(errors)
    return name


def check_name(name, field="name"):
    name = (name or "").strip()
    if is_blank(name):
        raise ValidationError({field: ["Enter your full name"]})
    if len(name) > 200:
        raise ValidationError({field: ["Name must be 200 characters or fewer"]})
    return name


def _new_link(purpose, email, lifetime, **fields):
    secret = new_secret()
    now = clock.now()
    link = EmailLink.objects.create(purpose=purpose, email=email, token_hash=digest(secret), created_at=now,
                                    expires_at=now + lifetime, **fields)
    return link, secret


def find_link(purpose, secret):
    """The unused, unexpired link for `secret`, or None. A reset link also dies once the password changes."""
    link = EmailLink.objects.select_related("user", "organisation", "supplier").filter(
        purpose=purpose, token_hash=digest(secret), used_at__isnull=True, expires_at__gt=clock.now()
    ).first()
    if link and link.user and link.user.password_changed_at and link.created_at < link.user.password_changed_at:
        return None
    return link


def _link_url(path, secret):
    return f"{path}/{secret}"


# Signing up ---------------------------------------------------------------------------------------------

def start_buyer_sign_up(email, ip_address=None):
    """Send a link to create a buyer account. No account exists until the link is followed."""
    email = check_email(email)
    organisation = organisation_for_email(email)
    if organisation is None:
        # Recorded on its own (not rolled back with the refusal), so admins can see which domains people try.
        record_event("sign_up.refused", detail={"domain": domain_of_email(email), "reason": "domain not approved"},
                     ip_address=ip_address)
        raise ValidationError({"email": [NOT_A_BUYER_DOMAIN]})
    _send_sign_up_link(email, ip_address, organisation=organisation, details={"role": Role.BUYER},
                       audit={"role": "buyer", "organisation": organisation.name}, team=organisation.name)


SUPPLIER_FIELDS = ("name", "registered_name", "registration_scheme", "registration_number", "registration_country",
                   "trading_status", "organisation_size", "vat_number", "address", "contact_name", "contact_email",
                   "contact_phone", "description")


def start_supplier_registration(company, email, ip_address=None):
    """Send a link to finish registering a supplier. `company` is checked here with `check_company_details`, and
    every problem with it and with `email` is raised at once."""
    errors = {}
    try:
        company = check_company_details(company)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        email = check_email(email)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    _send_sign_up_link(email, ip_address, details={"role": Role.SUPPLIER, "company": company},
                       audit={"role": "supplier", "supplier": company["name"]}, team=company["name"])


@transaction.atomic
def _send_sign_up_link(email, ip_address, *, details, audit, team, organisation=None):
    if User.objects.filter(email__iexact=email).exists():
        # Say the same on screen as for a new address; the owner learns from this email that they have an account.
        queue_email(to=email, template="account_exists.txt", context={}, purpose="account-exists")
        return
    link, secret = _new_link(EmailLink.Purpose.SIGN_UP, email, SIGN_UP_LINK_LIFETIME, organisation=organisation,
                             details=details)
    record_event("sign_up.started", obj=link, detail=audit, ip_address=ip_address)
    queue_email(to=email, template="verify_email.txt", purpose="verify-email",
                context={"link": _link_url("/create-account", secret), "organisation": team,
                         "days": SIGN_UP_LINK_LIFETIME.days})


_COMPANIES_HOUSE_NUMBER = re.compile(r"^(\d{8}|[A-Z]{2}\d{6})$")
_UK_VAT_NUMBER = re.compile(r"^(GB)?(\d{9}|\d{12}|GD\d{3}|HA\d{3})$")
_OTHER_VAT_NUMBER = re.compile(r"^[A-Z0-9]{4,20}$")
_PHONE = re.compile(r"^\+?[\d ()-]+$")
_SELECTED = ("registration_scheme", "trading_status", "organisation_size")
# What to ask for when a field is missing.
_MISSING = {
    "name": "your company's trading name", "registered_name": "the registered company name",
    "registration_scheme": "which kind of registration number you have",
    "registration_number": "the registration number", "registration_country": "the country of registration",
    "trading_status": "a trading status", "organisation_size": "your organisation's size",
    "vat_number": "the VAT number", "address": "the company's registered address", "contact_name": "a contact name",
    "contact_email": "a contact email address", "contact_phone": "a contact phone number",
    "description": "a description",
}


def check_company_details(data, partial=False):
    """Clean a supplier's company details and raise every problem at once. With `partial`, only the fields in
    `data` are checked and returned (for editing some of them)."""
    fields = [k for k in SUPPLIER_FIELDS if k in data or not partial]
    values = {k: ("" if is_blank(data[k]) else data[k].strip()) if isinstance(data.get(k), str) else (data.get(k) or "")
              for k in fields}
    if "registration_country" in values and not values["registration_country"]:
        values["registration_country"] = "United Kingdom"
    for key in ("registration_number", "vat_number"):
        if key in values:
            values[key] = "".join(values[key].split()).upper()
    if values.get("contact_email"):
        values["contact_email"] = values["contact_email"].lower()
    supplier = Supplier(**values)
    errors = {}
    try:
        supplier.full_clean(exclude=[f.name for f in Supplier._meta.concrete_fields if f.name not in fields],
                            validate_unique=False)
    except ValidationError as error:
        errors = {k: [_company_message(k, e) for e in v] for k, v in error.error_dict.items()}
    for field, problem in _company_rules(values):
        if field not in errors:  # one message per field: the model's own comes first
            errors[field] = [problem]
    if errors:
        raise ValidationError(errors)
    return {k: getattr(supplier, k) for k in fields}


def _company_rules(values):
    """The rules the model alone does not know; each yields (field, message)."""
    if "address" in values and not values["address"]:
        yield "address", f"Enter {_MISSING['address']}"
    number, scheme = values.get("registration_number"), values.get("registration_scheme")
    if number and scheme == "companies-house" and not _COMPANIES_HOUSE_NUMBER.match(number):
        yield "registration_number", "Enter a Companies House number in the correct format, like 01234567 or SC123456"
    vat = values.get("vat_number")
    if vat:
        uk = values.get("registration_country", "United Kingdom").lower() in ("united kingdom", "uk")
        if not (_UK_VAT_NUMBER if uk else _OTHER_VAT_NUMBER).match(vat):
            yield "vat_number", ("Enter a VAT number in the correct format, like GB123456789" if uk
                                 else "Enter a VAT number using only letters and numbers")
    phone = values.get("contact_phone")
    if phone and (not _PHONE.match(phone) or not 7 <= sum(c.isdigit() for c in phone) <= 15):
        yield "contact_phone", "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"


def _company_message(field, error):
    if error.code in ("blank", "null", "required"):
        return f"{'Select' if field in _SELECTED else 'Enter'} {_MISSING[field]}"
    if error.code == "invalid_choice":
        return f"Select {_MISSING[field]}"
    if error.code == "invalid" and field == "contact_email":
        return "Enter an email address in the correct format, like name@example.com"
    if error.code == "max_length":
        label = capfirst(Supplier._meta.get_field(field).verbose_name)
        return f"{label} must be {error.params['limit_value']} characters or fewer"
    return " ".join(error.messages).rstrip(".")


@transaction.atomic
def complete_sign_up(link, name, password, ip_address=None):
    """Create the account (and for a supplier, the company) once the emailed link is followed."""
    name = check_name_and_password(link.email, name, password)
    link = EmailLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at or link.expires_at <= clock.now():
        raise ValidationError({"__all__": ["This link has expired or was already used. Start again."]})
    if User.objects.filter(email__iexact=link.email).exists():
        raise ValidationError({"__all__": ["There is already an account for this email address. Sign in instead."]})
    role = link.details.get("role")
    now = clock.now()
    user = User(email=link.email, name=name, role=role, email_verified_at=now, password_changed_at=now)
    if role == Role.BUYER:
        organisation = organisation_for_email(link.email)
        if organisation is None:
            raise ValidationError({"__all__": [NOT_A_BUYER_DOMAIN]})
        user.organisation = organisation
        # The first buyer of an organisation looks after it until an admin says otherwise.
        user.is_organisation_admin = not User.objects.filter(organisation=organisation, role=Role.BUYER).exists()
    else:
        supplier = Supplier.objects.create(**link.details["company"])
        record_event("supplier.registered", actor=None, obj=supplier, detail={"email": link.email},
                     ip_address=ip_address)
        user.supplier = supplier
    user.set_password(password)
    user.save()
    link.used_at = now
    link.save(update_fields=["used_at"])
    record_event("email.verified", actor=user, obj=user, ip_address=ip_address)
    record_event("account.created", actor=user, obj=user, detail={"role": role}, ip_address=ip_address)
    return user


# Signing in ---------------------------------------------------------------------------------------------

_DUMMY_HASH = None


def _spend_hash_time(password):
    """Hash anyway when there is no such account, so response time does not reveal which emails exist."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password("not-a-real-password")
    User(password=_DUMMY_HASH).check_password(password)


def sign_in(email, password, ip_address=None):
    """The user whose email and password these are, or SignInRefused. Five failures lock the account."""
    user = _record_sign_in_attempt(normalise_email(email), password or "", ip_address)
    if user is None:
        raise SignInRefused()  # raised after the attempt's transaction committed, so the failure counts
    return user


@transaction.atomic
def _record_sign_in_attempt(email, password, ip_address):
    user = User.objects.select_for_update().filter(email__iexact=email).first() if email else None
    if user is None:
        _spend_hash_time(password)
        record_event("sign_in.failed", detail={"email": email[:320], "reason": "no such account"},
                     ip_address=ip_address)
        return None
    correct = bool(password) and user.check_password(password)
    if user.is_locked or user.is_suspended or not user.is_active or not user.email_verified_at:
        record_event("sign_in.refused", actor=user, obj=user, ip_address=ip_address,
                     detail={"locked": user.is_locked, "suspended": user.is_suspended})
        return None
    if not correct:
        user.failed_sign_ins += 1
        record_event("sign_in.failed", actor=user, obj=user, detail={"attempt": user.failed_sign_ins},
                     ip_address=ip_address)
        if user.failed_sign_ins >= User.MAX_FAILED_SIGN_INS:
            user.locked_at = clock.now()
            record_event("account.locked", actor=user, obj=user, ip_address=ip_address)
        user.save(update_fields=["failed_sign_ins", "locked_at"])
        return None
    user.failed_sign_ins = 0
    user.last_login = clock.now()
    user.save(update_fields=["failed_sign_ins", "last_login"])
    record_event("sign_in.succeeded", actor=user, obj=user, ip_address=ip_address)
    return user


# Passwords ----------------------------------------------------------------------------------------------

def _set_password(user, password, by, ip_address, action):
    """Change the password, unlock the account and kill every outstanding reset link, with audit events."""
    now = clock.now()
    user.set_password(password)
    user.password_changed_at = now
    was_locked = user.is_locked
    user.locked_at = None
    user.failed_sign_ins = 0
    user.save(update_fields=["password", "password_changed_at", "locked_at", "failed_sign_ins"])
    EmailLink.objects.filter(user=user, purpose=EmailLink.Purpose.RESET_PASSWORD, used_at__isnull=True) \
        .update(used_at=now)
    record_event(action, actor=by, obj=user, ip_address=ip_address)
    if was_locked:
        record_event("account.unlocked", actor=by, obj=user, detail={"by": "password reset"}, ip_address=ip_address)
    queue_email(to=user.email, template="password_changed.txt", context={"name": user.name},
                purpose="password-changed")


@transaction.atomic
def request_password_reset(email, ip_address=None):
    """Email a reset link when there is such an account; the caller always says the same thing."""
    email = check_email(email)
    user = User.objects.filter(email__iexact=email, is_active=True, suspended_at__isnull=True).first()
    if user is None:
        record_event("password_reset.unknown_email", detail={"email": email}, ip_address=ip_address)
        return
    link, secret = _new_link(EmailLink.Purpose.RESET_PASSWORD, user.email, RESET_LINK_LIFETIME, user=user)
    record_event("password_reset.requested", actor=user, obj=user, ip_address=ip_address)
    queue_email(to=user.email, template="reset_password.txt", purpose="reset-password",
                context={"name": user.name, "link": _link_url("/reset-password", secret),
                         "hours": int(RESET_LINK_LIFETIME.total_seconds() // 3600)})


@transaction.atomic
def complete_password_reset(link, password, ip_address=None):
    link = EmailLink.objects.select_for_update(of=("self",)).select_related("user").get(pk=link.pk)
    user = link.user
    if link.used_at or link.expires_at <= clock.now() or (
            user.password_changed_at and link.created_at < user.password_changed_at):
        raise ValidationError({"__all__": ["This link has expired or was already used. Ask for a new one."]})
    check_password(password, user=user)
    link.used_at = clock.now()
    link.save(update_fields=["used_at"])
    if not user.email_verified_at:
        user.email_verified_at = link.used_at  # following an emailed link proves the address
        user.save(update_fields=["email_verified_at"])
    _set_password(user, password, by=user, ip_address=ip_address, action="password.reset")
    return user


@transaction.atomic
def change_password(user, current_password, new_password, ip_address=None):
    errors = {}
    if not current_password:
        errors["current_password"] = ["Enter your current password"]
    elif not user.check_password(current_password):
        errors["current_password"] = ["Your current password is not correct"]
    problems = password_problems(new_password, user=user)
    if problems:
        errors["new_password"] = problems
    if errors:
        raise ValidationError(errors)
    _set_password(user, new_password, by=user, ip_address=ip_address, action="password.changed")


# Support actions ----------------------------------------------------------------------------------------

@transaction.atomic
def unlock_account(user, by):
    if not user.is_locked:
        return
    user.locked_at = None
    user.failed_sign_ins = 0
    user.save(update_fields=["locked_at", "failed_sign_ins"])
    record_event("account.unlocked", actor=by, obj=user, detail={"by": "admin"})


@transaction.atomic
def suspend_account(user, by):
    if user.is_suspended:
        return
    user.suspended_at = clock.now()
    user.save(update_fields=["suspended_at"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=user.suspended_at)
    record_event("account.suspended", actor=by, obj=user)


@transaction.atomic
def reactivate_account(user, by):
    if not user.is_suspended:
        return
    user.suspended_at = None
    user.save(update_fields=["suspended_at"])
    record_event("account.reactivated", actor=by, obj=user)


# Colleagues ---------------------------------------------------------------------------------------------

def can_invite(user):
    return user.is_authenticated and (user.is_supplier or (user.is_buyer and user.is_organisation_admin))


@transaction.atomic
def invite_colleague(inviter, email, ip_address=None):
    """A supplier user invites anyone to its company; a buyer organisation admin invites someone whose email is
    on one of the organisation's approved domains."""
    if not can_invite(inviter):
        raise PermissionError("Only a supplier's users and a buyer organisation's admins can invite colleagues.")
    email = check_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": ["There is already an account for this email address"]})
    fields = {"invited_by": inviter}
    if inviter.is_buyer:
        organisation = organisation_for_email(email)
        if organisation is None or organisation.pk != inviter.organisation_id:
            domains = " or ".join(inviter.organisation.domains.values_list("domain", flat=True))
            raise ValidationError({"email": [
                f"Enter an email address at {inviter.organisation}: one ending in {domains}"]})
        fields["organisation"] = organisation
        fields["details"] = {"role": Role.BUYER}
        team = inviter.organisation.name
    else:
        fields["supplier"] = inviter.supplier
        fields["details"] = {"role": Role.SUPPLIER}
        team = inviter.supplier.name
    link, secret = _new_link(EmailLink.Purpose.INVITATION, email, INVITATION_LIFETIME, **fields)
    record_event("colleague.invited", actor=inviter, obj=link, detail={"email": email, "team": team},
                 ip_address=ip_address)
    queue_email(to=email, template="invitation.txt", purpose="invitation",
                context={"inviter": inviter.name, "team": team, "link": _link_url("/join", secret),
                         "days": INVITATION_LIFETIME.days})
    return link


@transaction.atomic
def accept_invitation(link, name, password, ip_address=None):
    name = check_name_and_password(link.email, name, password)
    link = EmailLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at or link.expires_at <= clock.now():
        raise ValidationError({"__all__": ["This invitation has expired or was already used. Ask for a new one."]})
    if User.objects.filter(email__iexact=link.email).exists():
        raise ValidationError({"__all__": ["There is already an account for this email address. Sign in instead."]})
    now = clock.now()
    user = User(email=link.email, name=name, role=link.details["role"], organisation=link.organisation,
                supplier=link.supplier, email_verified_at=now, password_changed_at=now)
    user.set_password(password)
    user.save()
    link.used_at = now
    link.save(update_fields=["used_at"])
    record_event("colleague.joined", actor=user, obj=user,
                 detail={"invited_by": link.invited_by.email if link.invited_by else None}, ip_address=ip_address)
    return user


# Created by an operator ---------------------------------------------------------------------------------

@transaction.atomic
def create_user(*, role, email, name, password, supplier_name=None, supplier_size=None, by=None):
    """An active, verified account made from the command line; buyer domain rules still apply."""
    if role not in Role.values:
        raise ValidationError({"role": ["Role must be buyer, supplier or admin"]})
    email = check_email(email)
    name = check_name(name)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [f"There is already an account for {email}"]})
    check_password(password, user=User(email=email, name=name))
    now = clock.now()
    user = User(email=email, name=name, role=role, email_verified_at=now, password_changed_at=now)
    if role == Role.BUYER:
        user.organisation = organisation_for_email(email)
        if user.organisation is None:
            raise ValidationError({"email": [NOT_A_BUYER_DOMAIN]})
        user.is_organisation_admin = not User.objects.filter(organisation=user.organisation).exists()
    elif role == Role.SUPPLIER:
        supplier_name = (supplier_name or "").strip()
        if is_blank(supplier_name):
            raise ValidationError({"supplier_name": ["A supplier user needs --supplier-name"]})
        supplier = Supplier.objects.filter(name__iexact=supplier_name).first()
        if supplier is None:
            if supplier_size not in OrganisationSize.values:
                raise ValidationError({"supplier_size": ["A new supplier needs --supplier-size micro, small, medium "
                                                         "or large"]})
            supplier = Supplier.objects.create(
                name=supplier_name, registered_name=supplier_name, registration_number="not given",
                trading_status="other", organisation_size=supplier_size, contact_name=name, contact_email=email,
                contact_phone="not given")
            record_event("supplier.registered", actor=by, obj=supplier, detail={"via": "command line"})
        user.supplier = supplier
    user.set_password(password)
    user.save()
    record_event("account.created", actor=by, obj=user, detail={"role": role, "via": "command line"})
    return user


# Second factor for platform admins ----------------------------------------------------------------------

TOTP_ISSUER = "Digital Marketplace"


@transaction.atomic
def start_totp_setup(user):
    if user.totp_confirmed_at:
        raise ValidationError({"__all__": ["A second factor is already set up for this account"]})
    user.totp_secret = pyotp.random_base32()
    user.save(update_fields=["totp_secret"])
    return totp_uri(user)


def totp_uri(user):
    """The otpauth:// address an authenticator app reads (as a QR code or typed in)."""
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def _totp_matches(user, code):
    code = "".join((code or "").split())
    if not user.totp_secret or not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    return any(constant_time_compare(totp.at(clock.real_now() + dt.timedelta(seconds=30 * step)), code)
               for step in (-1, 0, 1))


@transaction.atomic
def confirm_totp_setup(user, code, ip_address=None):
    if not _totp_matches(user, code):
        raise ValidationError({"code": ["Enter the 6-digit code your authenticator app shows now"]})
    user.totp_confirmed_at = clock.now()
    user.save(update_fields=["totp_confirmed_at"])
    record_event("second_factor.set_up", actor=user, obj=user, ip_address=ip_address)


def verify_second_factor(user, code, ip_address=None):
    """Wrong codes count with wrong passwords: five in a row lock the account, which also ends the session."""
    if user.totp_confirmed_at and _totp_matches(user, code):
        if user.failed_sign_ins:
            User.objects.filter(pk=user.pk).update(failed_sign_ins=0)
        return
    _record_second_factor_failure(user, ip_address)
    raise ValidationError({"code": ["Enter the 6-digit code your authenticator app shows now"]})


@transaction.atomic
def _record_second_factor_failure(user, ip_address):
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.failed_sign_ins += 1
    record_event("second_factor.failed", actor=locked, obj=locked, detail={"attempt": locked.failed_sign_ins},
                 ip_address=ip_address)
    if locked.failed_sign_ins >= User.MAX_FAILED_SIGN_INS and not locked.is_locked:
        locked.locked_at = clock.now()
        record_event("account.locked", actor=locked, obj=locked, ip_address=ip_address)
    locked.save(update_fields=["failed_sign_ins", "locked_at"])


# API tokens ---------------------------------------------------------------------------------------------

ADMIN_TOKEN_REFUSED = ("A platform admin cannot have an API token: admins sign in with a second factor, which a "
                       "token would skip. Use the back office, or a buyer or supplier account for the API.")


@transaction.atomic
def create_api_token(user, name="", by=None):
    """A new bearer token for `user`; the only time the token itself is seen. A platform admin gets none: an
    admin signs in with a second factor, and a token would be a way round it."""
    if user.is_suspended or not user.is_active:
        raise ValidationError({"email": ["This account is suspended: reactivate it first"]})
    if user.is_platform_admin:
        raise ValidationError({"email": [ADMIN_TOKEN_REFUSED]})
    secret = new_secret("dm_")
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:8], token_hash=digest(secret),
                                    created_at=clock.now())
    record_event("api_token.created", actor=by or user, obj=user, detail={"prefix": token.prefix})
    return secret


def user_for_api_token(secret):
    token = ApiToken.objects.select_related("user").filter(token_hash=digest(secret), revoked_at__isnull=True).first()
    if token is None:
        return None
    user = token.user
    if not user.is_active or user.is_suspended or user.is_locked or user.is_platform_admin:
        return None  # an admin's token (from before admins were refused them, or a user made admin) is dead
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user
