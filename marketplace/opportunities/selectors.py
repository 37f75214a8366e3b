"""Reading opportunities: their derived status, who may manage them and what a viewer may see."""

from django.db.models import Case, CharField, Q, Value, When
from django.http import Http404

from marketplace import clock
from marketplace.accounts.models import Role

from .dates import TWO_WEEKS
from .models import Clarification, Opportunity, Status, SupplierQuestion
from .questions import FIXED_REQUIREMENTS_LENGTH, S

# The one statement of how status is derived, first match wins: (status, test on an object, test in the database).
_STATUS_RULES = (
    (Status.WITHDRAWN, lambda o, now: o.withdrawn_at is not None, lambda now: Q(withdrawn_at__isnull=False)),
    (Status.DRAFT, lambda o, now: o.published_at is None, lambda now: Q(published_at__isnull=True)),
    (Status.LIVE, lambda o, now: o.closing_at is not None and now < o.closing_at, lambda now: Q(closing_at__gt=now)),
    (Status.CANCELLED, lambda o, now: o.cancelled_at is not None, lambda now: Q(cancelled_at__isnull=False)),
    (Status.UNSUCCESSFUL, lambda o, now: o.unsuccessful_at is not None,
     lambda now: Q(unsuccessful_at__isnull=False)),
    (Status.AWARDED, lambda o, now: o.awarded_at is not None, lambda now: Q(awarded_at__isnull=False)),
)
_OTHERWISE = Status.CLOSED


def status_of(opportunity, now=None):
    now = now or clock.now()
    for status, applies, _ in _STATUS_RULES:
        if applies(opportunity, now):
            return status
    return _OTHERWISE


def with_status(queryset, now=None):
    """`queryset` annotated with `status`, derived in the database by the same rules as `status_of`."""
    now = now or clock.now()
    return queryset.annotate(status=Case(
        *(When(condition(now), then=Value(status.value)) for status, _, condition in _STATUS_RULES),
        default=Value(_OTHERWISE.value),
        output_field=CharField(),
    ))


def status_conditions(now=None):
    """{status value: condition}, each condition true in the database of exactly the opportunities with that
    status by the rules of `status_of` (its own rule and none of the rules before it), for counting every status
    in one pass."""
    now = now or clock.now()
    conditions, earlier = {}, Q()
    for status, _, condition in _STATUS_RULES:
        conditions[status.value] = condition(now) & ~earlier if earlier else condition(now)
        earlier |= condition(now)
    conditions[_OTHERWISE.value] = ~earlier
    return conditions


def acts_as(user, role):
    """`user` is signed in, active, not suspended and has `role`."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active
                and user.suspended_at is None and user.role == role)


def can_manage(user, opportunity):
    """An active buyer of the organisation that owns the requirement."""
    return (acts_as(user, Role.BUYER) and user.organisation_id is not None
            and user.organisation_id == opportunity.organisation_id)


def get_for_viewer(opportunity_id, user):
    """The opportunity `user` may see: any published one, and drafts only for the owning organisation's buyers.
    Anything else is a 404, so nobody learns that someone else's draft exists."""
    try:
        opportunity = Opportunity.objects.select_related("framework", "lot", "organisation").get(pk=opportunity_id)
    except (Opportunity.DoesNotExist, ValueError, TypeError):
        raise Http404("No such opportunity") from None
    if opportunity.published_at is None and not can_manage(user, opportunity):
        raise Http404("No such opportunity")
    return opportunity


def organisation_dashboard(organisation, now=None):
    """An organisation's requirements in three groups: unpublished drafts (last changed first), live ones
    (closing soonest first) and the rest (newest first)."""
    now = now or clock.now()
    rows = list(with_status(Opportunity.objects.filter(organisation=organisation), now)
                .select_related("lot", "framework"))
    groups = {"unpublished": [], "live": [], "closed": []}
    for opportunity in rows:
        if opportunity.status == Status.DRAFT:
            groups["unpublished"].append(opportunity)
        elif opportunity.status == Status.LIVE:
            groups["live"].append(opportunity)
        else:
            groups["closed"].append(opportunity)
    groups["unpublished"].sort(key=lambda o: (o.updated_at, o.pk), reverse=True)
    groups["live"].sort(key=lambda o: (o.closing_at, o.pk))
    groups["closed"].sort(key=lambda o: (o.published_at, o.pk), reverse=True)
    return groups


def requirements_length_of(opportunity):
    """How long the requirement is open for: the buyer chooses for specialists; the other lots are fixed."""
    if opportunity.lot.slug == S:
        return opportunity.data.get("requirementsLength") or TWO_WEEKS
    return FIXED_REQUIREMENTS_LENGTH


def questions_open(opportunity, now=None):
    now = now or clock.now()
    return (status_of(opportunity, now) == Status.LIVE and opportunity.questions_close_at is not None
            and now < opportunity.questions_close_at)


def supplier_questions(opportunity):
    """The private questions suppliers sent, oldest first (only the owning buyers may see these)."""
    return SupplierQuestion.objects.filter(opportunity=opportunity).select_related("supplier", "asked_by")


def clarifications(opportunity):
    """The published questions and answers, in number order."""
    return Clarification.objects.filter(opportunity=opportunity).order_by("number")


def may_see_private_answers(opportunity, viewer):
    """Signed-in suppliers (who could take part) and the owning buyers see the answers marked not public."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    return viewer.is_supplier or can_manage(viewer, opportunity)
