"""The public opportunity-data CSV: no sign-in, streamed as it is read from the database."""

from django.http import StreamingHttpResponse
from django.views.decorators.http import require_safe

from .export_csv import opportunity_csv


@require_safe
def opportunity_data_csv(request):
    response = StreamingHttpResponse(opportunity_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="opportunity-data.csv"'
    return response
