"""After closing, and never before, the owning buyers see the applications, the shortlist of those that met every
essential requirement, and rank them by their own scores weighted by the published weightings."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from marketplace.applications.models import Application, Score
from marketplace.applications.selectors import (
    applications_for_buyer, get_application_for_viewer, ranking, shortlist,
)
from marketplace.applications.services import save_score, start_application
from marketplace.opportunities.services import StateConflict

from .conftest import OUTCOMES

pytestmark = pytest.mark.django_db


def names(applications):
    return [application.supplier.name for application in applications]


def test_the_buyer_sees_no_application_before_closing(live, apply, buyer, close):
    opportunity = live(OUTCOMES)
    application = apply(opportunity)
    with pytest.raises(PermissionDenied):
        applications_for_buyer(opportunity, buyer)
    with pytest.raises(PermissionDenied):
        shortlist(opportunity, buyer)
    with pytest.raises(Http404):
        get_application_for_viewer(application.pk, buyer)

    close(opportunity)
    assert list(applications_for_buyer(opportunity, buyer)) == [application]
    assert get_application_for_viewer(application.pk, buyer) == application


def test_after_closing_the_buyer_sees_submitted_applications_only(live, apply, applicant, buyer, colleague,
                                                                   close):
    opportunity = live(OUTCOMES)
    beta = apply(opportunity, applicant(opportunity, supplier_name="Beta Digital Ltd"))
    alpha = apply(opportunity, applicant(opportunity, supplier_name="Alpha Services Ltd"))
    unsent = start_application(opportunity, applicant(opportunity, supplier_name="Unsent Ltd"))
    close(opportunity)

    for person in (buyer, colleague):
        received = list(applications_for_buyer(opportunity, person))
        assert names(received) == ["Alpha Services Ltd", "Beta Digital Ltd"]
        assert all(application.met_all_essentials for application in received)
    assert {alpha, beta} == set(applications_for_buyer(opportunity, buyer))
    with pytest.raises(Http404):
        get_application_for_viewer(unsent.pk, buyer)


def test_other_organisations_and_other_suppliers_never_see_an_application(live, apply, applicant, other_buyer,
                                                                          close):
    opportunity = live(OUTCOMES)
    application = apply(opportunity)
    rival = applicant(opportunity)
    close(opportunity)
    with pytest.raises(PermissionDenied):
        applications_for_buyer(opportunity, other_buyer)
    for outsider in (other_buyer, rival):
        with pytest.raises(Http404):
            get_application_for_viewer(application.pk, outsider)


def test_the_shortlist_is_those_that_met_every_essential_requirement(live, apply, applicant, buyer, close):
    opportunity = live(OUTCOMES)
    apply(opportunity, applicant(opportunity, supplier_name="Meets Everything Ltd"))
    # Carried over from the original marketplace, where a supplier could apply without every essential.
    carried_over = apply(opportunity, applicant(opportunity, supplier_name="Missing One Ltd"))
    Application.objects.filter(pk=carried_over.pk).update(essential_requirements_met=False)
    close(opportunity)

    received = {a.supplier.name: a.met_all_essentials for a in applications_for_buyer(opportunity, buyer)}
    assert received == {"Meets Everything Ltd": True, "Missing One Ltd": False}
    assert names(shortlist(opportunity, buyer)) == ["Meets Everything Ltd"]
    with pytest.raises(StateConflict, match="Only shortlisted applications can be scored"):
        save_score(carried_over, buyer, 50, 50, 50)


def test_ranking_weights_the_scores_by_the_published_weightings(live, apply, applicant, buyer, colleague, close):
    # Technical 60%, cultural fit 15%, price 25%.
    opportunity = live(OUTCOMES, technicalWeighting=60, culturalWeighting=15, priceWeighting=25)
    sent = {name: apply(opportunity, applicant(opportunity, supplier_name=name))
            for name in ("Agile Ltd", "Bravo Ltd", "Charlie Ltd", "Delta Ltd")}
    close(opportunity)
    save_score(sent["Agile Ltd"], buyer, 80, 70, 90)     # 48 + 10.5 + 22.5 = 81
    save_score(sent["Bravo Ltd"], colleague, 90, 50, 60)  # 54 + 7.5 + 15 = 76.5
    save_score(sent["Delta Ltd"], buyer, 70, 100, 100)    # 42 + 15 + 25 = 82
    # Charlie Ltd is not scored yet.

    ranked = ranking(opportunity, buyer)
    assert [(entry["application"].supplier.name, entry["weighted"]) for entry in ranked] == [
        ("Delta Ltd", Decimal("82.00")), ("Agile Ltd", Decimal("81.00")), ("Bravo Ltd", Decimal("76.50")),
        ("Charlie Ltd", None)]
    assert ranked[3]["score"] is None

    save_score(sent["Bravo Ltd"], buyer, 100, 100, 100)  # scoring again replaces the marks
    assert ranking(opportunity, buyer)[0]["application"].supplier.name == "Bravo Ltd"
    assert Score.objects.count() == 3


def test_scores_are_private_to_the_owning_organisation(live, apply, buyer, other_buyer, close):
    opportunity = live(OUTCOMES)
    application = apply(opportunity)
    close(opportunity)
    save_score(application, buyer, 60, 60, 60)
    for outsider in (other_buyer, application.created_by):
        with pytest.raises(PermissionDenied):
            ranking(opportunity, outsider)
        with pytest.raises(PermissionDenied):
            save_score(application, outsider, 100, 100, 100)
    assert (Score.objects.get().technical, Score.objects.get().scored_by) == (60, buyer)


def test_scoring_waits_for_closing_and_takes_marks_out_of_100(live, apply, buyer, close):
    opportunity = live(OUTCOMES)
    application = apply(opportunity)
    with pytest.raises(StateConflict, match="once applications have closed"):
        save_score(application, buyer, 50, 50, 50)
    close(opportunity)
    with pytest.raises(ValidationError) as refused:
        save_score(application, buyer, 101, "", "lots")
    assert refused.value.message_dict == {
        "technical": ["Technical competence score must be a whole number from 0 to 100"],
        "cultural": ["Enter a score for cultural fit"],
        "price": ["Price score must be a whole number from 0 to 100"]}
    save_score(application, buyer, "0", 100, " 7 ")
    assert (Score.objects.get().technical, Score.objects.get().cultural, Score.objects.get().price) == (0, 100, 7)
