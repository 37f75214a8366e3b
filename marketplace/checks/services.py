"""Changes to the checks' content: a platform admin adds or removes a term. Each change is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from marketplace import clock
from marketplace.audit.services import record_event

from .models import CheckTerm
from .selectors import terms_of

MAX_TERM_CHARS = CheckTerm._meta.get_field("term").max_length


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
