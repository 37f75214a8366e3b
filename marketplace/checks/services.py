"""Changes to the checks' content (a platform admin adds or removes a term, audited), and the findings kept on each
published requirement for the insights."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from marketplace import clock
from marketplace.audit.services import record_event

from .models import CheckedRequirement, CheckTerm, RecordedFinding
from .selectors import check_requirement, check_title, terms_of

MAX_TERM_CHARS = CheckTerm._meta.get_field("term").max_length
# Requirements checked and written a statement per table at a time, by the import and by `check_unchecked`.
BATCH = 500


def _require_platform_admin(user):
    if not (user and user.is_authenticated and user.is_platform_admin):
        raise PermissionDenied("Only a platform admin can change the checks' terms")


def clean_term(kind, term):
    """The term as it will be matched, or ValidationError saying what is wrong with it."""
    if kind not in CheckTerm.Kind.values:
        raise ValidationError({"kind": ["Choose which list the term belongs to"]})
    term = " ".join((term or "").split())
    if not term:
        raise ValidationError({"term": ["Enter the word or phrase"]})
    if len(term) > MAX_TERM_CHARS:
        raise ValidationError({"term": [f"The term must be {MAX_TERM_CHARS} characters or fewer"]})
    if not any(character.isalnum() for character in term):
        raise ValidationError({"term": ["The term must contain a letter or a digit"]})
    known = {t.casefold() for t in terms_of(kind)}
    if term.casefold() in known:
        raise ValidationError({"term": [f"‘{term}’ is already on the list"]})
    return term


@transaction.atomic
def add_check_term(kind, term, by):
    _require_platform_admin(by)
    term = clean_term(kind, term)
    added = CheckTerm.objects.create(kind=kind, term=term, added_by=by, added_at=clock.now())
    record_event("check_term.added", actor=by, obj=added, detail={"kind": kind, "term": term})
    return added


@transaction.atomic
def remove_check_term(check_term, by):
    _require_platform_admin(by)
    record_event("check_term.removed", actor=by, obj=check_term,
                 detail={"kind": check_term.kind, "term": check_term.term})
    check_term.delete()


# The findings the insights count ---------------------------------------------------------------------------------

def record_findings(opportunity):
    """Keep the checks that found something on a requirement as it is published (in the publishing transaction)."""
    _record([(opportunity.pk, False, {finding.check for finding in check_requirement(opportunity)})])


def record_title_findings(opportunities):
    """Keep the findings on historic requirements, known by their title alone: a few statements per batch, however
    many there are (an import is thousands)."""
    terms = {}
    for start in range(0, len(opportunities), BATCH):
        _record([(opportunity.pk, True, {finding.check for finding in
                                         check_title(opportunity.lot.slug, opportunity.title, terms=terms)})
                 for opportunity in opportunities[start:start + BATCH]])


def _record(checked):
    """`checked`: (opportunity id, titles only, the keys of the checks that found something). Replaces what was
    kept before for those requirements."""
    now = clock.now()
    CheckedRequirement.objects.filter(pk__in=[pk for pk, _, _ in checked]).delete()
    CheckedRequirement.objects.bulk_create([CheckedRequirement(opportunity_id=pk, titles_only=titles_only,
                                                               checked_at=now) for pk, titles_only, _ in checked])
    RecordedFinding.objects.bulk_create([RecordedFinding(requirement_id=pk, check_key=key)
                                         for pk, _, keys in checked for key in sorted(keys)])


def check_unchecked(batch=BATCH):
    """Check every published requirement that has no findings kept yet (those published before the checks were
    kept), a batch per transaction: historic ones on their titles, the rest in full. Returns how many it checked.
    Runs after every `migrate`, so an existing service's insights count every requirement."""
    from marketplace.opportunities.models import Opportunity  # the checks build on opportunities

    unchecked = (Opportunity.objects.filter(published_at__isnull=False, checked__isnull=True)
                 .select_related("lot", "framework", "organisation", "historic").order_by("pk"))
    done = 0
    while True:
        with transaction.atomic():
            opportunities = list(unchecked[:batch])
            if not opportunities:
                return done
            record_title_findings([o for o in opportunities if _is_historic(o)])
            for opportunity in opportunities:
                if not _is_historic(opportunity):
                    record_findings(opportunity)
        done += len(opportunities)



def _is_historic(opportunity):
    return hasattr(opportunity, "historic")  # a missing reverse one-to-one raises an AttributeError
