"""Open Contracting Data Standard 1.1: each change of a published opportunity's state is an immutable release;
a record gathers an opportunity's releases with the compiled release merged from them.

Kinds of release, in the order they can happen: `tender` (published), `enquiry` (an answer published, with the
enquiry extension), `withdrawn`, `closed` (applications closed, with the bid extension's counts), `cancelled`,
`unsuccessful`, `awarded` (award and contract) and `corrected` (support took the outcome back). Every release
carries the tender as it then stood, so each one reads on its own.

Historic opportunities (imported from the original marketplace) have no stored releases: theirs are built from
the imported row whenever asked, with the same builders and ids that never change. Opportunities published here
before releases were kept get theirs from `backfill` (`marketplace ocds backfill`).
"""

import base64
import binascii
import datetime as dt
import json
import re
from decimal import Decimal

import ocdsmerge
from django.conf import settings
from django.db import transaction
from django.db.models import Min, Prefetch

from marketplace import clock
from marketplace.audit.services import record_event
from marketplace.frameworks.reference import SPECIALIST_ROLES
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.selectors import status_of

from .models import Release

VERSION = "1.1"
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json",
    # parties' details.scale (micro, sme, large): undeclared, the Data Review Tool reports it as an unknown field
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/master/"
    "extension.json",
]
RELEASES_PATH = "/opendata/ocds/releases.json"
RECORDS_PATH = "/opendata/ocds/records/{ocid}.json"
RECORDS_ALL_PATH = "/opendata/ocds/records.json"
PAGE_SIZE = 100

TAGS = {
    "tender": ["tender"],
    "enquiry": ["tenderUpdate"],
    "withdrawn": ["tenderCancellation"],
    "closed": ["tenderUpdate"],
    "cancelled": ["tenderCancellation"],
    "unsuccessful": ["tenderUpdate"],
    "awarded": ["award", "contract"],
    "corrected": ["tenderUpdate"],  # an award taken back: see _correction
}
# tender.status (closed tenderStatus codelist) after each kind of change. Once applications close, the tendering
# is complete; what follows is the award stage.
TENDER_STATUS = {"tender": "active", "enquiry": "active", "withdrawn": "cancelled", "closed": "complete",
                 "cancelled": "cancelled", "unsuccessful": "unsuccessful", "awarded": "complete",
                 "corrected": "complete"}
# The opportunity's timestamp each kind of release is dated by.
DATED_BY = {"tender": "published_at", "withdrawn": "withdrawn_at", "closed": "closing_at",
            "cancelled": "cancelled_at", "unsuccessful": "unsuccessful_at", "awarded": "awarded_at",
            "corrected": "updated_at"}
# Why a tender ended without an award, as a document of the tender: OCDS 1.1 has no field for the reason
# (tender.statusDetails came later, and the Data Review Tool reports it as unknown in 1.1).
REASON_DOCUMENTS = {"cancelled": ("cancellationDetails", "Why it was cancelled"),
                    "withdrawn": ("cancellationDetails", "Why it was withdrawn"),
                    "unsuccessful": ("evaluationReports", "Why no supplier was chosen")}
AFTER_CLOSING = ("closed", "cancelled", "unsuccessful", "awarded", "corrected")

# The merge rules of the release schema (1.1.5 with the enquiry and bid extensions) for the fields these releases
# use, written out so merging needs neither the network nor the schema files at run time; the tests check them
# against the schema itself.
MERGE_RULES = {
    ("id",): "omitWhenMerged",
    ("date",): "omitWhenMerged",
    ("tag",): "omitWhenMerged",
    ("parties", "roles"): "wholeListMerge",
}
_merger = ocdsmerge.Merger(merge_rules=MERGE_RULES)

REGISTER_SCHEME = "x_marketplace-organisation-register"  # the register's own ids: no official scheme covers it
LOT_SCHEME = "x_marketplace-lot"
COMPANIES_HOUSE = "GB-COH"
COMPANY_NUMBER = re.compile(r"[A-Z]{2}\d{6}|\d{8}")
SCALE = {"micro": "micro", "small": "sme", "medium": "sme", "large": "large"}


def ocid_of(opportunity):
    return f"{settings.MARKETPLACE_OCDS_PREFIX}-{opportunity.pk}"


def opportunity_for_ocid(ocid):
    """The published opportunity an ocid names, or None."""
    prefix = f"{settings.MARKETPLACE_OCDS_PREFIX}-"
    number = ocid[len(prefix):] if ocid.startswith(prefix) else ""
    if not number.isdigit():
        return None
    return (Opportunity.objects.filter(pk=int(number), published_at__isnull=False)
            .select_related("framework", "lot", "organisation").first())


# Recording releases --------------------------------------------------------------------------------------

def record_release(opportunity, kind):
    """Publish the release for the change the caller has just saved. Called by the domain services inside their
    transaction, with the opportunity locked, so two releases of one opportunity are never numbered alike."""
    if _is_historic(opportunity):
        return None
    if kind != "tender" and not opportunity.releases.exists():
        _store(opportunity, "tender")  # published before releases were kept
    if kind in AFTER_CLOSING and kind != "closed" and not opportunity.releases.filter(kind="closed").exists():
        _store(opportunity, "closed")
    return _store(opportunity, kind)


def ensure_closing_releases(now=None):
    """The `closed` release of every opportunity whose applications closed by `now` and that has none yet, dated
    when they closed. The scheduled jobs call it, and so does every open-data view before it answers."""
    now = now or clock.now()
    due = (Opportunity.objects.filter(published_at__isnull=False, withdrawn_at__isnull=True, closing_at__lte=now,
                                      historic__isnull=True)
           .exclude(releases__kind="closed").values_list("pk", flat=True))
    made = 0
    for pk in list(due):
        with transaction.atomic():
            opportunity = Opportunity.objects.select_for_update().filter(pk=pk).first()
            if opportunity is None or opportunity.releases.filter(kind="closed").exists():
                continue
            if not opportunity.releases.exists():
                _store(opportunity, "tender")
            _store(opportunity, "closed")
            made += 1
    return made


def missing_releases(opportunity, now=None):
    """The kinds of release the state of a published opportunity calls for and it has none of, in the order
    they happen: what an opportunity published before releases were kept lacks. Empty for the history, whose
    releases are built from the imported row."""
    if _is_historic(opportunity) or opportunity.published_at is None:
        return []
    now = now or clock.now()
    wanted = ["tender"]
    if opportunity.clarifications.exists():
        wanted.append("enquiry")
    if opportunity.withdrawn_at is not None:
        wanted.append("withdrawn")
    elif opportunity.closing_at is not None and opportunity.closing_at <= now:
        wanted.append("closed")
    if outcome := _OUTCOMES.get(status_of(opportunity, now)):
        wanted.append(outcome)
    have = set(opportunity.releases.values_list("kind", flat=True))
    return [kind for kind in wanted if kind not in have]


def backfill(dry_run=False, by=None):
    """Publish the releases that opportunities published before releases were kept lack (missing_releases),
    each opportunity in its own transaction with it locked, and audited. Running it again adds nothing.
    Returns {ocid: [kinds]}, of what it would add when `dry_run`."""
    now = clock.now()
    added = {}
    published = Opportunity.objects.filter(published_at__isnull=False, historic__isnull=True).order_by("pk")
    for pk in list(published.values_list("pk", flat=True)):
        with transaction.atomic():
            rows = Opportunity.objects if dry_run else Opportunity.objects.select_for_update()
            opportunity = rows.filter(pk=pk).first()
            kinds = missing_releases(opportunity, now) if opportunity is not None else []
            if not kinds:
                continue
            added[ocid_of(opportunity)] = kinds
            if dry_run:
                continue
            stored = [_store(opportunity, kind).release_id for kind in kinds]
            record_event("opendata.ocds_releases_backfilled", actor=by, obj=opportunity,
                         detail={"ocid": ocid_of(opportunity), "releases": stored})
    return added


def _store(opportunity, kind):
    sequence = opportunity.releases.count() + 1
    previous = list(opportunity.releases.order_by("pk"))
    payload = build_release(opportunity, kind, sequence, previous=[r.payload for r in previous])
    return Release.objects.create(opportunity=opportunity, ocid=payload["ocid"], release_id=payload["id"],
                                  kind=kind, date=_release_date(opportunity, kind), tags=payload["tag"],
                                  payload=payload, created_at=clock.now())


def _is_historic(opportunity):
    return hasattr(opportunity, "historic")


# Building releases ---------------------------------------------------------------------------------------

def build_release(opportunity, kind, sequence, previous=()):
    """The release for `kind`, numbered `sequence` among the opportunity's releases; `previous` are the releases
    already published (a correction names the award it takes back)."""
    ocid = ocid_of(opportunity)
    date = _release_date(opportunity, kind)
    buyer = _buyer_party(opportunity.organisation)
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{kind}-{sequence}",
        "date": _datetime(date),
        "tag": list(TAGS[kind]),
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "parties": [buyer],
        "tender": _tender(opportunity, kind, date),
    }
    if kind in AFTER_CLOSING:
        statistics = _statistics(opportunity, opportunity.closing_at)
        if statistics:
            release["bids"] = {"statistics": statistics}
    if kind == "awarded":
        _add_award(release, opportunity, sequence)
    if kind == "corrected":
        _correction(release, previous)
    return release


def _release_date(opportunity, kind):
    if kind == "enquiry":
        published = [c.published_at for c in _clarifications(opportunity)]
        return max(published) if published else opportunity.updated_at
    return getattr(opportunity, DATED_BY[kind]) or opportunity.updated_at


def _tender(opportunity, kind, date):
    data = opportunity.data or {}
    lot = opportunity.lot
    item = {"id": "1", "description": SPECIALIST_ROLES.get(opportunity.specialist_role) or lot.name,
            "classification": {"scheme": LOT_SCHEME, "id": lot.slug, "description": lot.name}}
    tender = {
        "id": str(opportunity.pk),
        "title": opportunity.title,
        "status": TENDER_STATUS[kind],
        "procuringEntity": {"id": _party_id("buyer", opportunity.organisation_id),
                            "name": opportunity.organisation.name},
        "items": [item],
        "procurementMethod": "open",
        "procurementMethodDetails": f"{opportunity.framework.name} call-off",
        "mainProcurementCategory": "services",
        "tenderPeriod": _period(opportunity.published_at, opportunity.closing_at),
        "enquiryPeriod": _period(opportunity.published_at, opportunity.questions_close_at),
    }
    if data.get("summary"):
        tender["description"] = data["summary"]
    reason = {"cancelled": opportunity.cancellation_reason, "unsuccessful": opportunity.unsuccessful_reason,
              "withdrawn": "Withdrawn by the buyer before applications closed"}.get(kind)
    if reason:
        document_type, title = REASON_DOCUMENTS[kind]
        tender["documents"] = [{"id": kind, "documentType": document_type, "title": title,
                                "description": reason, "datePublished": _datetime(date), "language": "en"}]
    enquiries = [_enquiry(c) for c in _clarifications(opportunity) if c.published_at <= date]
    tender["hasEnquiries"] = bool(enquiries)
    if enquiries:
        tender["enquiries"] = enquiries
    return tender


def _clarifications(opportunity):
    """The published answers in number order, read through .all() so the history's prefetch serves them."""
    return sorted(opportunity.clarifications.all(), key=lambda c: c.number)


def _enquiry(clarification):
    published = _datetime(clarification.published_at)
    return {"id": str(clarification.number), "date": published, "title": f"Question {clarification.number}",
            "description": clarification.question, "answer": clarification.answer, "dateAnswered": published}


def _statistics(opportunity, date):
    """How many applications were sent, from SMEs and from large organisations (the bid extension)."""
    from marketplace.applications.selectors import counts  # applications build on opportunities

    if _is_historic(opportunity):  # the file's counts, where a blank stays unknown
        sme, large = (_number(opportunity.historic.sme_applications),
                      _number(opportunity.historic.large_applications))
    else:
        submitted = counts(opportunity)["submitted"]
        sme, large = submitted["sme"], submitted["large"]
    found = []
    if sme is not None and large is not None:
        found.append({"id": "bids", "measure": "bids", "value": sme + large, "date": _datetime(date)})
    for measure, value in (("smeBids", sme), ("largeBids", large)):
        if value is not None:
            found.append({"id": measure, "measure": measure, "value": value, "date": _datetime(date)})
    return found


def _add_award(release, opportunity, sequence):
    winners = getattr(opportunity, "winners", None)  # prefetched for the history
    if winners is None:
        winners = list(_winners().filter(opportunity=opportunity)[:1])
    if not winners:
        return
    winner = winners[0]
    supplier = _supplier_party(winner.supplier)
    release["parties"].append(supplier)
    award = {"id": f"award-{sequence}", "status": "active", "date": _datetime(winner.awarded_at),
             "suppliers": [{"id": supplier["id"], "name": supplier["name"]}]}
    contract = {"id": f"contract-{sequence}", "awardID": award["id"], "status": "active"}
    if winner.contract_value is not None:
        award["value"] = contract["value"] = {"amount": _number(winner.contract_value), "currency": "GBP"}
    if winner.contract_start_date is not None:
        start = dt.datetime.combine(winner.contract_start_date, dt.time(0), tzinfo=clock.LONDON)
        contract["period"] = {"startDate": _datetime(start)}
    release["awards"] = [award]
    release["contracts"] = [contract]


def _correction(release, previous):
    """Support took back the outcome: an award and its contract are cancelled; 'no suitable supplier' simply
    gives way to a completed tender again."""
    last = previous[-1] if previous else {}
    if "award" not in last.get("tag", []):
        return
    release["tag"] = ["awardCancellation", "contractUpdate"]
    release["awards"] = [{"id": award["id"], "status": "cancelled"} for award in last.get("awards", [])]
    release["contracts"] = [{"id": contract["id"], "awardID": contract["awardID"], "status": "cancelled"}
                            for contract in last.get("contracts", [])]


def _buyer_party(organisation):
    return {"id": _party_id("buyer", organisation.pk), "name": organisation.name,
            "identifier": {"scheme": REGISTER_SCHEME, "id": str(organisation.pk), "legalName": organisation.name},
            "roles": ["buyer", "procuringEntity"]}


def _supplier_party(supplier):
    party = {"id": _party_id("supplier", supplier.pk), "name": supplier.name, "roles": ["supplier", "tenderer"]}
    number = supplier.registration_number.replace(" ", "").upper()
    if supplier.registration_scheme == "companies-house" and COMPANY_NUMBER.fullmatch(number):
        party["identifier"] = {"scheme": COMPANIES_HOUSE, "id": number,
                               "legalName": supplier.registered_name or supplier.name}
    if supplier.organisation_size in SCALE:
        party["details"] = {"scale": SCALE[supplier.organisation_size]}
    return party


def _party_id(role, pk):
    return f"{role}-{pk}"


def _period(start, end):
    period = {}
    if start is not None:
        period["startDate"] = _datetime(start)
    if end is not None:
        period["endDate"] = _datetime(end)
    return period


def _datetime(moment):
    """RFC 3339 in UTC to the second, so releases sort by date as text."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _number(value):
    """A JSON number for a count or an amount: whole numbers as integers."""
    if value is None or value == "":
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


# Historic opportunities ----------------------------------------------------------------------------------

_OUTCOMES = {Status.CANCELLED: "cancelled", Status.UNSUCCESSFUL: "unsuccessful", Status.AWARDED: "awarded"}


def historic_releases(opportunity):
    """The releases of an imported opportunity, built from what the file said: published, closed, and its
    outcome. Built alike every time, so their ids and contents never change while the data does not."""
    kinds = ["tender"]
    if opportunity.clarifications.exists():
        kinds.append("enquiry")
    if opportunity.closing_at is not None and opportunity.withdrawn_at is None:
        kinds.append("closed")
    outcome = _OUTCOMES.get(status_of(opportunity))
    if outcome:
        kinds.append(outcome)
    releases = []
    for sequence, kind in enumerate(kinds, 1):
        releases.append(build_release(opportunity, kind, sequence, previous=releases))
    return releases


def releases_of(opportunity):
    """Every release of the opportunity, oldest first."""
    if _is_historic(opportunity):
        return historic_releases(opportunity)
    return [release.payload for release in opportunity.releases.order_by("pk")]


# Packages ------------------------------------------------------------------------------------------------

def _package_head(path):
    return {"uri": f"{settings.BASE_URL}{path}", "version": VERSION, "extensions": list(EXTENSIONS),
            "publisher": {"name": settings.MARKETPLACE_OCDS_PUBLISHER}}


def _published_date(dates):
    """For a package made on demand, the date of the newest thing in it."""
    return max(dates, default=_datetime(clock.now()))


def compile_record(opportunity, releases=None):
    releases = releases_of(opportunity) if releases is None else releases
    return {"ocid": ocid_of(opportunity), "releases": releases,
            "compiledRelease": _merger.create_compiled_release(releases)}


def record_package(opportunity):
    """The record package of one opportunity; None when it has no release (never published)."""
    releases = releases_of(opportunity)
    if not releases:
        return None
    return {**_package_head(RECORDS_PATH.format(ocid=ocid_of(opportunity))),
            "publishedDate": _published_date(r["date"] for r in releases),
            "records": [compile_record(opportunity, releases)]}


def release_package_page(cursor=None, size=PAGE_SIZE):
    """One page of every release, oldest first: the imported history, then the releases published here in the
    order they were published. Raises ValueError for a cursor this service did not give."""
    return _page(RELEASES_PATH, "releases", _releases_from(_decode(cursor, _RELEASE_CURSOR)), cursor, size,
                 dated=lambda release: release["date"])


def record_package_page(cursor=None, size=PAGE_SIZE):
    """One page of every record, in the order the contracting processes were first published: the imported
    history, then the opportunities published here (so a new record always comes after every page already
    read). Raises ValueError for a cursor this service did not give."""
    return _page(RECORDS_ALL_PATH, "records", _records_from(_decode(cursor, _RECORD_CURSOR)), cursor, size,
                 dated=lambda record: record["compiledRelease"]["date"])


def _page(path, kind, positioned, cursor, size, dated):
    found = []
    for position, item in positioned:
        found.append((position, item))
        if len(found) > size:
            break
    page, more = found[:size], len(found) > size
    items = [item for _, item in page]
    here = path + (f"?cursor={cursor}" if cursor else "")
    package = {**_package_head(here), "publishedDate": _published_date(map(dated, items)), kind: items}
    if more:
        package["links"] = {"next": f"{settings.BASE_URL}{path}?cursor={_encode(page[-1][0])}"}
    return package


def _releases_from(after):
    """(position, release) for every release after the position `after`; positions are ("h", opportunity pk,
    index) within the imported history and ("r", release pk) after it."""
    if after is None or after[0] == "h":
        start = after[1] if after else 0
        historic = (_historic_opportunities().filter(pk__gte=start).order_by("pk"))
        for opportunity in historic.iterator(chunk_size=50):
            for index, release in enumerate(historic_releases(opportunity)):
                if after and (opportunity.pk, index) <= (after[1], after[2]):
                    continue
                yield ("h", opportunity.pk, index), release
        after = None
    stored = Release.objects.order_by("pk")
    if after is not None:
        stored = stored.filter(pk__gt=after[1])
    for release in stored.iterator(chunk_size=200):
        yield ("r", release.pk), release.payload


def _records_from(after):
    """(position, record) for every record after the position `after`; positions are ("h", opportunity pk)
    within the imported history and ("f", pk of the opportunity's first release) after it."""
    if after is None or after[0] == "h":
        historic = _historic_opportunities().order_by("pk")
        if after is not None:
            historic = historic.filter(pk__gt=after[1])
        for opportunity in historic.iterator(chunk_size=50):
            yield ("h", opportunity.pk), compile_record(opportunity)
        after = None
    published = (Opportunity.objects.filter(historic__isnull=True).annotate(first=Min("releases__pk"))
                 .filter(first__isnull=False).select_related("framework", "lot", "organisation").order_by("first"))
    if after is not None:
        published = published.filter(first__gt=after[1])
    for opportunity in published.iterator(chunk_size=50):
        yield ("f", opportunity.first), compile_record(opportunity)


def _winners():
    from marketplace.applications.models import Application  # applications build on opportunities

    return Application.objects.filter(awarded_at__isnull=False).select_related("supplier").order_by("pk")


def _historic_opportunities():
    """The imported history, with what its releases read fetched in a few queries for each chunk."""
    return (Opportunity.objects.filter(historic__isnull=False, published_at__isnull=False)
            .select_related("framework", "lot", "organisation", "historic")
            .prefetch_related("clarifications", Prefetch("applications", _winners(), to_attr="winners")))


# A cursor is the position of the last item on the page before, by its kind and length.
_RELEASE_CURSOR = {"h": 3, "r": 2}
_RECORD_CURSOR = {"h": 2, "f": 2}


def _encode(position):
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor, shapes):
    if not cursor:
        return None
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError("This cursor is not one the service gave") from None
    if (not isinstance(position, list) or not position or not isinstance(position[0], str)
            or shapes.get(position[0]) != len(position)
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in position[1:])):
        raise ValueError("This cursor is not one the service gave")
    return tuple(position)


# Export --------------------------------------------------------------------------------------------------

def export(kind, stream):
    """Write every release (kind "releases") or every record (kind "records") as one package to the text
    `stream`, a release or record at a time, so memory stays flat however many there are."""
    if kind not in ("releases", "records"):
        raise ValueError(f"Unknown OCDS export: {kind}")
    ensure_closing_releases()
    path = RELEASES_PATH if kind == "releases" else RECORDS_ALL_PATH
    head = json.dumps(_package_head(path), ensure_ascii=False)
    stream.write(head[:-1] + f', "{kind}": [')
    newest = None
    for n, (_, release) in enumerate(_releases_from(None) if kind == "releases" else _records_from(None)):
        date = release["date"] if kind == "releases" else release["compiledRelease"]["date"]
        newest = date if newest is None or date > newest else newest
        stream.write(("," if n else "") + "\n" + json.dumps(release, ensure_ascii=False))
    stream.write(f'\n], "publishedDate": {json.dumps(newest or _datetime(clock.now()))}}}\n')
