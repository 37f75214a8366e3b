"""Only active buyers of the owning organisation can see or change a requirement's pages; anyone else is told
nothing, not even that it exists."""

import pytest

from factories import PASSWORD, make_buyer, make_supplier_user
from marketplace.opportunities import selectors, services
from marketplace.opportunities.models import Opportunity, Status

from .steps import make_live, stored_answers, text_of

pytestmark = pytest.mark.django_db

LOT = "digital-outcomes"


def signed_in(client, user):
    client.post("/sign-in", {"email": user.email, "password": PASSWORD})
    return client


def pages_of(pk):
    base = f"/buyers/requirements/{pk}"
    return [base, f"{base}/edit/title/title", f"{base}/edit/evaluation/weightings", f"{base}/preview",
            f"{base}/publish", f"{base}/delete", f"{base}/withdraw", f"{base}/questions"]


def test_a_buyer_of_another_organisation_gets_404_on_every_page_of_a_draft(client):
    owner = make_buyer()
    draft = services.create_draft(LOT, owner, answers=stored_answers(LOT))
    signed_in(client, make_buyer("x@dft.gov.uk"))
    for path in pages_of(draft.pk):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"title": "Taken over", "action": "overview"}).status_code == 404, path
    assert client.post(f"/buyers/requirements/{draft.pk}/copy").status_code == 404
    draft.refresh_from_db()
    assert draft.title == stored_answers(LOT)["title"]
    assert selectors.status_of(draft) == Status.DRAFT
    assert Opportunity.objects.count() == 1


def test_a_buyer_of_another_organisation_cannot_withdraw_copy_or_answer_questions_on_a_live_one(client):
    live = make_live(LOT, make_buyer())
    signed_in(client, make_buyer("x@dft.gov.uk"))
    for path in pages_of(live.pk):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/buyers/requirements/{live.pk}/withdraw").status_code == 404
    assert client.post(f"/buyers/requirements/{live.pk}/copy").status_code == 404
    assert client.post(f"/buyers/requirements/{live.pk}/questions",
                       {"question": "Q?", "answer": "A."}).status_code == 404
    live.refresh_from_db()
    assert selectors.status_of(live) == Status.LIVE
    assert not live.clarifications.exists()
    assert Opportunity.objects.count() == 1


def test_a_missing_requirement_looks_the_same_as_someone_elses(client):
    theirs = services.create_draft(LOT, make_buyer(), answers=stored_answers(LOT))
    signed_in(client, make_buyer("x@dft.gov.uk"))
    someone_elses = client.get(f"/buyers/requirements/{theirs.pk}")
    missing = client.get(f"/buyers/requirements/{theirs.pk + 1000}")
    assert someone_elses.status_code == missing.status_code == 404
    assert text_of(someone_elses) == text_of(missing)


def test_a_colleague_in_the_same_organisation_can_manage_the_requirement(client):
    draft = services.create_draft(LOT, make_buyer(), answers=stored_answers(LOT))
    signed_in(client, make_buyer())
    for path in pages_of(draft.pk)[:6]:
        assert client.get(path).status_code == 200, path


def test_suppliers_and_people_not_signed_in_cannot_reach_the_pages(client):
    draft = services.create_draft(LOT, make_buyer(), answers=stored_answers(LOT))
    response = client.get(f"/buyers/requirements/{draft.pk}")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in")
    signed_in(client, make_supplier_user())
    assert client.get(f"/buyers/requirements/{draft.pk}").status_code == 403
    assert client.get("/buyers/requirements").status_code == 403
    assert client.post("/buyers/requirements/create", {"lot": LOT}).status_code == 403
    assert Opportunity.objects.count() == 1


def test_a_suspended_buyer_cannot_manage_their_organisations_requirements(client):
    from marketplace import clock

    owner = make_buyer()
    draft = services.create_draft(LOT, owner, answers=stored_answers(LOT))
    signed_in(client, owner)
    owner.suspended_at = clock.now()
    owner.save(update_fields=["suspended_at"])
    assert client.get(f"/buyers/requirements/{draft.pk}").status_code in (302, 403, 404)
