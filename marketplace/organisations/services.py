"""The organisation register and the approved buyer-domain list."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace.audit.services import record_event

from .models import BuyerDomain, Organisation, OrganisationName

QUERY_BATCH = 500  # values in one `IN (...)`, well under SQLite's limit
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

# Suffixes anyone can register under, and webmail providers: never proof of working for a public body.
OPEN_SUFFIXES = frozenset({
    "uk", "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "sch.uk", "gov.uk", "nhs.uk", "ac.uk",
    "police.uk", "com", "org", "net", "info", "biz", "io", "co", "eu", "scot", "wales", "cymru",
})
# Domains whose people work for many different bodies: an address there cannot say which one, so these are never
# approved and imported rows that carry them are matched by the organisation's name.
SHARED_DOMAINS = frozenset({
    "nhs.net",  # NHSmail, for every NHS body in England
    "nhs.scot",  # every NHS Scotland board
    "wales.nhs.uk",  # every NHS Wales health board and trust
    "uksbs.co.uk",  # UK Shared Business Services, buying for its department, agencies and research councils
    "gsi.gov.uk", "x.gsi.gov.uk", "gse.gov.uk", "gcsx.gov.uk", "gsx.gov.uk",  # secure networks: a subdomain per body
    "pnn.police.uk",  # the police national network: a subdomain per force
    "cjsm.net",  # criminal justice secure mail
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
    return approved_domains([domain]).get(domain)


def approved_domains(domains):
    """find_approved_domain for many normalised domains at once, from a query per few hundred: {domain: entry} for
    each domain that an approved entry covers."""
    candidates = {domain: _suffixes(domain) for domain in domains if domain}
    suffixes = sorted({suffix for nearest_first in candidates.values() for suffix in nearest_first})
    found = {}
    for start in range(0, len(suffixes), QUERY_BATCH):
        found.update((entry.domain, entry) for entry in BuyerDomain.objects.select_related("organisation")
                     .filter(domain__in=suffixes[start:start + QUERY_BATCH]))
    covered = {}
    for domain, nearest_first in candidates.items():  # a.b.gov.uk before b.gov.uk
        entry = next((found[suffix] for suffix in nearest_first if suffix in found), None)
        if entry:
            covered[domain] = entry
    return covered


def organisation_for_email(email):
    entry = find_approved_domain(domain_of_email(email))
    return entry.organisation if entry else None


_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_NOT_A_WORD = re.compile(r"[\W_]+")


def normalise_name(text):
    """An organisation's name as compared: case, accents, "&" for "and", a leading "the", apostrophes and other
    punctuation do not count; words in brackets do ("Government Digital Service (GDS)" keeps "gds")."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("&", " and ")
    words = _NOT_A_WORD.sub(" ", _APOSTROPHES.sub("", text)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def organisation_named(name):
    """The organisation whose name, or one of whose other names, is `name` once normalised; or None."""
    key = normalise_name(name)
    return organisations_named([key]).get(key)


def organisations_named(keys):
    """organisation_named for many normalised names at once: {key: organisation} for each name the register knows.
    Other names come first; then organisations' own names, the first in the register's order winning."""
    keys = sorted(set(keys) - {""})
    named = {}
    for start in range(0, len(keys), QUERY_BATCH):
        for other in OrganisationName.objects.select_related("organisation").filter(
                normalised__in=keys[start:start + QUERY_BATCH]):
            named.setdefault(other.normalised, other.organisation)
    if set(keys) - named.keys():
        own = {}
        for organisation in Organisation.objects.all():
            own.setdefault(normalise_name(organisation.name), organisation)
        named.update((key, own[key]) for key in keys if key not in named and key in own)
    return named


def match_organisation(domain, name):
    """The register's organisation for an imported buyer domain and the free-text organisation name typed beside
    it, and how it was found: ("domain") the domain or its nearest approved parent, else ("name") the name.
    (None, None) when neither says, for an admin to resolve. A shared domain says nothing: its rows go by name."""
    return match_organisations([(domain, name)])[domain, name]


def match_organisations(buyers):
    """match_organisation for many (domain, name) pairs at once, from a few queries in all: {pair: (organisation,
    how)}."""
    buyers = set(buyers)
    domains = approved_domains({normalise_domain(domain) for domain, _ in buyers} - SHARED_DOMAINS)
    names = organisations_named({normalise_name(name) for _, name in buyers})
    matches = {}
    for domain, name in buyers:
        entry = domains.get(normalise_domain(domain))
        organisation = names.get(normalise_name(name))
        matches[domain, name] = ((entry.organisation, "domain") if entry else
                                 (organisation, "name") if organisation else (None, None))
    return matches


def _known_as(key, exclude):
    """Another organisation that `key` (a normalised name) already identifies, or None."""
    other = OrganisationName.objects.select_related("organisation").filter(normalised=key) \
        .exclude(organisation_id=exclude.pk).first()
    if other:
        return other.organisation
    return next((o for o in Organisation.objects.exclude(pk=exclude.pk) if normalise_name(o.name) == key), None)


def check_organisation_name(organisation):
    """Problems with an organisation's name: it must not be a name another organisation goes by."""
    taken = _known_as(normalise_name(organisation.name), organisation)
    return [f"{taken} is already known by that name."] if taken else []


def check_other_name(organisation, name):
    """Every reason `name` cannot be added as another name of `organisation`; empty when it can."""
    key = normalise_name(name)
    if not key:
        return ["Enter the other name."]
    if len(name.strip()) > OrganisationName._meta.get_field("name").max_length:
        return ["The other name must be 300 characters or fewer."]
    if key == normalise_name(organisation.name) or organisation.other_names.filter(normalised=key).exists():
        return [f"{organisation} is already known by that name."]
    taken = _known_as(key, organisation)
    return [f"{taken} is already known by that name."] if taken else []


@transaction.atomic
def add_other_name(organisation, name, by=None):
    problems = check_other_name(organisation, name)
    if problems:
        raise ValidationError({"name": problems})
    entry = OrganisationName.objects.create(organisation=organisation, name=name.strip(),
                                            normalised=normalise_name(name))
    record_event("organisation.other_name_added", actor=by, obj=organisation, detail={"name": entry.name})
    return entry


@transaction.atomic
def remove_other_name(entry, by=None):
    record_event("organisation.other_name_removed", actor=by, obj=entry.organisation, detail={"name": entry.name})
    entry.delete()


def check_new_domain(domain, organisation=None):
    """Every reason `domain` cannot be added to the approved list (for `organisation`, when given); empty when it
    can."""
    domain = normalise_domain(domain)
    labels = domain.split(".")
    if not domain or len(domain) > 253 or len(labels) < 2 or not all(_LABEL.match(l) for l in labels) \
            or labels[-1].isdigit():
        return ["Enter a domain name like example.gov.uk, without the @ or any spaces."]
    if domain in OPEN_SUFFIXES or domain in WEBMAIL:
        return [f"{domain} is open to anyone, so it cannot prove someone works for a public body."]
    if domain in SHARED_DOMAINS:
        return [f"{domain} is shared by many public bodies, so it cannot show which one someone works for."]
    if BuyerDomain.objects.filter(domain=domain).exists():
        return [f"{domain} is already on the approved list."]
    covering = find_approved_domain(domain)
    # A subdomain may name a different body than its parent domain does (digital.cabinet-office.gov.uk is GDS);
    # for the same body it adds nothing.
    if covering and (organisation is None or covering.organisation_id == organisation.pk):
        return [f"{domain} is already covered by {covering.domain} ({covering.organisation})."]
    return []


@transaction.atomic
def add_buyer_domain(domain, organisation, by=None):
    problems = check_new_domain(domain, organisation)
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
    problems = check_organisation_name(organisation)
    if problems:
        raise ValidationError({"name": problems})
    created = organisation.pk is None
    former_name = None if created else Organisation.objects.filter(pk=organisation.pk).values_list(
        "name", flat=True).first()
    organisation.full_clean()
    organisation.save()
    key = normalise_name(organisation.name)
    organisation.other_names.filter(normalised=key).delete()
    if former_name and normalise_name(former_name) != key:
        # Old records and the seed register still know it by its former name: keep that name pointing here.
        OrganisationName.objects.get_or_create(normalised=normalise_name(former_name),
                                               defaults={"organisation": organisation, "name": former_name})
    record_event("organisation.created" if created else "organisation.edited", actor=by, obj=organisation,
                 detail={"fields": list(changed_fields)})
    return organisation
