"""The back office's own forms, for every model registered with it: whatever a platform admin posts to a model's
list, its add page or a record's change page is a page or a clear refusal, never a server error, and a refusal
writes nothing. The models come from the admin site's registry, so a new one is covered the day it is added."""

from http.cookies import SimpleCookie

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from .answers import check_answer, own_forms
from .database import database_state, written
from .strategies import form_body

pytestmark = pytest.mark.django_db

EXAMPLES = 4


def _labels():
    return sorted(model._meta.label for model in admin.site._registry)


def _admin_pages(model, request):
    """The list, the add page and the first record's change page, where the admin may use them."""
    model_admin = admin.site._registry[model]
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    found = [reverse(f"{name}_changelist")]
    if model_admin.has_add_permission(request):
        found.append(reverse(f"{name}_add"))
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        found.append(reverse(f"{name}_change", args=[first.pk]))
    return found


@pytest.mark.parametrize("label", _labels())
def test_anything_posted_to_a_back_office_page_gets_a_clear_answer_and_a_refusal_writes_nothing(
        label, world, sign_in_as, rf):
    client = sign_in_as("admin")
    model = next(model for model in admin.site._registry if model._meta.label == label)
    request = rf.get("/admin/")
    request.user = world.admin
    offered = {}
    for url in _admin_pages(model, request):
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        offered[url] = own_forms(response, url)["post"]
    cookies = client.cookies
    before = database_state()

    @hypothesis_settings(max_examples=EXAMPLES * len(offered), deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
    @given(st.data())
    def post_anything(data):
        url = data.draw(st.sampled_from(sorted(offered)), label="url")
        body, content_type = data.draw(form_body(offered[url]), label="body")
        client.cookies = SimpleCookie(cookies)
        with transaction.atomic():
            response = client.post(url, body, content_type=content_type)
            writes = written(before, database_state())
            transaction.set_rollback(True)
        check_answer(response, writes, body)

    post_anything()
