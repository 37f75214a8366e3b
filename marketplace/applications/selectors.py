"""Reading applications: their derived status, who may see which, the counts the public sees, and the buyer's
shortlist and weighted ranking."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import Http404

from marketplace import clock
from marketplace.accounts.models import Role
from marketplace.opendata.models import HistoricRecord
from marketplace.opportunities.models import Status
from marketplace.opportunities.questions import WEIGHTINGS
from marketplace.opportunities.selectors import acts_as, can_manage, status_of
from marketplace.suppliers.models import OrganisationSize

from .models import Application

DRAFT, SUBMITTED, AWARDED, NOT_AWARDED, WITHDRAWN = "draft", "submitted", "awarded", "not-awarded", "withdrawn"
# What suppliers read on their list of applications.
WON, NOT_WON, CANCELLED = "won", "not won", "cancelled"
DECIDED = (Status.CANCELLED, Status.UNSUCCESSFUL, Status.AWARDED)
# Until applications close, nobody but the supplier sees an application; a withdrawn requirement never closes.
NOT_YET_CLOSED = (Status.DRAFT, Status.LIVE, Status.WITHDRAWN)
SME_SIZES = (OrganisationSize.MICRO, OrganisationSize.SMALL, OrganisationSize.MEDIUM)
PERCENT = Decimal(100)
TWO_PLACES = Decimal("0.01")


def application_status(application, now=None):
    """draft, submitted, awarded, not-awarded (another won, or it was cancelled or unsuccessful) or withdrawn."""
    status = status_of(application.opportunity, now)
    if status == Status.WITHDRAWN:
        return WITHDRAWN
    if application.awarded_at is not None:
        return AWARDED
    if application.submitted_at is None:
        return DRAFT
    if status in DECIDED:
        return NOT_AWARDED
    return SUBMITTED


def counts(opportunity):
    """Applications started (every one) and submitted, split SME and large, as the public page shows them. A
    historic opportunity's applications were made on the original marketplace: its file's counts are the record."""
    historic = HistoricRecord.objects.filter(opportunity_id=opportunity.pk).values(
        "sme_applications", "large_applications").first()
    if historic:
        made = {"sme": int(historic["sme_applications"] or 0), "large": int(historic["large_applications"] or 0)}
        return {"started": dict(made), "submitted": dict(made)}
    sme = Q(supplier__organisation_size__in=SME_SIZES)
    submitted = Q(submitted_at__isnull=False)
    found = Application.objects.filter(opportunity=opportunity).aggregate(
        started_sme=Count("pk", filter=sme), started_large=Count("pk", filter=~sme),
        submitted_sme=Count("pk", filter=sme & submitted), submitted_large=Count("pk", filter=~sme & submitted))
    return {"started": {"sme": found["started_sme"], "large": found["started_large"]},
            "submitted": {"sme": found["submitted_sme"], "large": found["submitted_large"]}}


def supplier_application(opportunity, supplier):
    if supplier is None:
        return None
    return Application.objects.filter(opportunity=opportunity, supplier=supplier).first()


def supplier_dashboard(supplier, now=None):
    """The supplier's applications, newest first, each with the word it reads (submitted, won, not won,
    cancelled, withdrawn, or draft) and whether it can still be finished."""
    now = now or clock.now()
    rows = []
    found = (Application.objects.filter(supplier=supplier)
             .select_related("opportunity", "opportunity__lot", "opportunity__organisation",
                             "opportunity__framework")
             .order_by("-created_at", "-pk"))
    for application in found:
        status = application_status(application, now)
        if status == AWARDED:
            word = WON
        elif status == NOT_AWARDED:
            word = CANCELLED if status_of(application.opportunity, now) == Status.CANCELLED else NOT_WON
        else:
            word = status
        rows.append({"application": application, "opportunity": application.opportunity, "status": word,
                     "can_continue": status == DRAFT and status_of(application.opportunity, now) == Status.LIVE})
    return rows


def _require_buyer_after_closing(opportunity, user, now=None):
    if not can_manage(user, opportunity):
        raise PermissionDenied("Only the buyers of the organisation that owns this requirement can see its "
                               "applications")
    if status_of(opportunity, now) in NOT_YET_CLOSED:
        raise PermissionDenied("You can see the applications once applications have closed")


def applications_for_buyer(opportunity, user, now=None):
    """The submitted applications, for the owning buyers once applications have closed, in supplier name order;
    each with `met_all_essentials`."""
    _require_buyer_after_closing(opportunity, user, now)
    return (Application.objects.filter(opportunity=opportunity, submitted_at__isnull=False)
            .select_related("supplier", "score")
            .annotate(met_all_essentials=ExpressionWrapper(Q(essential_requirements_met=True),
                                                           output_field=BooleanField()))
            .order_by("supplier__name", "pk"))


def shortlist(opportunity, user):
    """The applications that met every essential requirement."""
    return applications_for_buyer(opportunity, user).filter(essential_requirements_met=True)


def weighted_score(score, weightings):
    """The marks weighted by the published percentages, to two places."""
    total = (score.technical * Decimal(weightings["technicalWeighting"])
             + score.cultural * Decimal(weightings["culturalWeighting"])
             + score.price * Decimal(weightings["priceWeighting"]))
    return (total / PERCENT).quantize(TWO_PLACES)


def ranking(opportunity, user):
    """The shortlist ranked by weighted score, highest first; applications not scored yet come last (with
    `score` and `weighted` None). Only the owning buyers see scores."""
    data = opportunity.data or {}
    weightings = {key: data.get(key) or 0 for key in WEIGHTINGS}
    scored, unscored = [], []
    for application in shortlist(opportunity, user):
        score = getattr(application, "score", None)  # a missing one-to-one raises AttributeError
        if score is None:
            unscored.append({"application": application, "score": None, "weighted": None})
        else:
            scored.append({"application": application, "score": score,
                           "weighted": weighted_score(score, weightings)})
    scored.sort(key=lambda entry: -entry["weighted"])  # stable: equal scores stay in supplier name order
    return scored + unscored


def get_application_for_viewer(application_id, user):
    """The application if `user` may see it: the supplier's own users at any time, the owning buyers once
    applications have closed (submitted ones only). Anything else is a 404, so nobody learns it exists."""
    try:
        application = (Application.objects
                       .select_related("supplier", "opportunity", "opportunity__lot", "opportunity__organisation",
                                       "opportunity__framework")
                       .get(pk=application_id))
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404("No such application") from None
    if acts_as(user, Role.SUPPLIER) and user.supplier_id == application.supplier_id:
        return application
    if (application.submitted_at is not None and can_manage(user, application.opportunity)
            and status_of(application.opportunity) not in NOT_YET_CLOSED):
        return application
    raise Http404("No such application")


_LOOK_UP = object()


def outcomes_of(opportunities):
    """{opportunity id: outcome or None} for a page of opportunities, with one query for all their winners."""
    awarded = [o.pk for o in opportunities if o.awarded_at is not None]
    winners = {a.opportunity_id: a for a in Application.objects.filter(
        opportunity_id__in=awarded, awarded_at__isnull=False).select_related("supplier")} if awarded else {}
    return {o.pk: outcome_of(o, winner=winners.get(o.pk)) for o in opportunities}


def outcome_of(opportunity, winner=_LOOK_UP):
    """The recorded outcome, as the public page and the open data show it; None until there is one."""
    status = status_of(opportunity)
    if status == Status.AWARDED:
        if winner is _LOOK_UP:
            winner = (Application.objects.filter(opportunity=opportunity, awarded_at__isnull=False)
                      .select_related("supplier").first())
        return {"status": str(status),
                "supplierName": winner.supplier.name if winner else None,
                "supplierSize": (("SME" if winner.supplier.is_sme else "large") if winner else None),
                "contractValue": winner.contract_value if winner else None,
                "contractStartDate": winner.contract_start_date if winner else None,
                "reason": ""}
    if status in (Status.CANCELLED, Status.UNSUCCESSFUL):
        reason = (opportunity.cancellation_reason if status == Status.CANCELLED
                  else opportunity.unsuccessful_reason)
        return {"status": str(status), "supplierName": None,
                "supplierSize": None, "contractValue": None, "contractStartDate": None, "reason": reason}
    return None
