"""The open data page, which says what each download and feed is, and the public opportunity-data CSV: no sign-in,
streamed as it is read from the database."""

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import ocds
from .export_csv import COLUMNS, opportunity_csv

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OCDS_DOCUMENTATION = "https://standard.open-contracting.org/1.1/en/"


@require_safe
def index(request):
    from marketplace.web.views.catalogue import FEED_SIZE  # the pages build on the open data

    return render(request, "opendata/index.html", {
        "csv_columns": COLUMNS, "ocds_version": ocds.VERSION, "ocds_extensions": ocds.EXTENSIONS,
        "ocds_page_size": ocds.PAGE_SIZE, "ocid_example": f"{settings.MARKETPLACE_OCDS_PREFIX}-1234",
        "feed_size": FEED_SIZE, "licence_url": OGL, "ocds_documentation": OCDS_DOCUMENTATION,
    })


@require_safe
def opportunity_data_csv(request):
    response = StreamingHttpResponse(opportunity_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="opportunity-data.csv"'
    return response
