"""The organisation register and the approved buyer-domain list."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace.audit.services import record_event

from .models import BuyerDomain, Organisation

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

# Suffixes anyone can register under, and webmail providers: never proof of working for a public body.
OPEN_SUFFIXES = frozenset({
    "uk", "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "sch.uk", "gov.uk", "nhs.uk", "ac.uk",
    "police.uk", "com", "org", "net", "info", "biz", "io", "co", "eu", "scot", "wales", "cymru",
    "gov.scot", "gov.wales", "nhs.net",
})
WEBMAIL = frozenset({
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com", "live.co.uk",
    "yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "protonmail.com", "proton.me",
    "btinternet.com", "sky.com", "gmx.com", "mail.com", "msn.com",
})


def normalise_domain(text):
    return (text or "").strip().lower().rstrip(".").removeprefix("@")


def domain_of_email(email):
    return normalise_domain(email.rpartition("@")[2]) if "@" in (email or "") else ""


def _suffixes(domain):
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))]


def find_approved_domain(domain):
    """The approved entry that covers `domain` (itself or its nearest approved parent), or None."""
    domain = normalise_domain(domain)
    if not domain:
        return None
    candidates = _suffixes(domain)
    found = {d.domain: d for d in BuyerDomain.objects.select_related("organisation").filter(domain__in=candidates)}
    for candidate in candidates:  # nearest first: a.b.gov.uk before b.gov.uk
        if candidate in found:
            return found[candidate]
    return None


def organisation_for_email(email):
    entry = find_approved_domain(domain_of_email(email))
    return entry.organisation if entry else None


def check_new_domain(domain):
    """Every reason `domain` cannot be added to the approved list; empty when it can."""
    domain = normalise_domain(domain)
    labels = domain.split(".")
    if not domain or len(domain) > 253 or len(labels) < 2 or not all(_LABEL.match(l) for l in labels) \
            or labels[-1].isdigit():
        return [f"Enter a domain name like example.gov.uk, without the @ or any spaces."]
    if domain in OPEN_SUFFIXES or domain in WEBMAIL:
        return [f"{domain} is open to anyone, so it cannot prove someone works for a public body."]
    if BuyerDomain.objects.filter(domain=domain).exists():
        return [f"{domain} is already on the approved list."]
    covering = find_approved_domain(domain)
    if covering:
        return [f"{domain} is already covered by {covering.domain} ({covering.organisation})."]
    return []


@transaction.atomic
def add_buyer_domain(domain, organisation, by=None):
    problems = check_new_domain(domain)
    if problems:
        raise ValidationError({"domain": problems})
    entry = BuyerDomain.objects.create(domain=normalise_domain(domain), organisation=organisation)
    record_event("buyer_domain.added", actor=by, obj=entry, detail={"organisation": organisation.name})
    return entry


@transaction.atomic
def remove_buyer_domain(entry, by=None):
    record_event("buyer_domain.removed", actor=by, obj=entry, detail={"organisation": entry.organisation.name})
    entry.delete()


def check_organisation(organisation):
    """Problems with an organisation's place in the register (a parent cycle)."""
    seen = {organisation.pk}
    parent = organisation.parent
    while parent is not None:
        if parent.pk in seen:
            return ["An organisation cannot be its own parent, directly or through another organisation."]
        seen.add(parent.pk)
        parent = parent.parent
    return []


@transaction.atomic
def save_organisation(organisation, by=None, changed_fields=()):
    problems = check_organisation(organisation)
    if problems:
        raise ValidationError({"parent": problems})
    created = organisation.pk is None
    organisation.full_clean()
    organisation.save()
    record_event("organisation.created" if created else "organisation.edited", actor=by, obj=organisation,
                 detail={"fields": list(changed_fields)})
    return organisation
