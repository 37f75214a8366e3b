"""The OCDS packages, public and without sign-in (API.md, "Open data")."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from . import ocds


def _json(package, status=200):
    return JsonResponse(package, status=status, json_dumps_params={"ensure_ascii": False},
                        content_type="application/json; charset=utf-8")


def _paged(request, page):
    ocds.ensure_closing_releases()
    try:
        package = page(request.GET.get("cursor") or None)
    except ValueError as error:
        return _json({"detail": str(error)}, status=400)
    return _json(package)


@require_safe
def release_package(request):
    """Every release, oldest first, 100 a page; `links.next` leads to the next page."""
    return _paged(request, ocds.release_package_page)


@require_safe
def all_records_package(request):
    """Every record in the order first published, 100 a page; `links.next` leads to the next page."""
    return _paged(request, ocds.record_package_page)


@require_safe
def record_package(request, ocid):
    ocds.ensure_closing_releases()
    opportunity = ocds.opportunity_for_ocid(ocid)
    package = ocds.record_package(opportunity) if opportunity is not None else None
    if package is None:
        return _json({"detail": "No such contracting process"}, status=404)
    return _json(package)
