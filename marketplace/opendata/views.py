"""The public opportunity-data CSV: no sign-in, streamed as it is read from the database."""

from django.http import StreamingHttpResponse
from django.views.decorators.http import require_safe

from .export_csv import iter_opportunity_csv

BLOCK_SIZE = 64 * 1024  # characters


def in_blocks(lines, size=BLOCK_SIZE):
    """The lines joined into blocks of about `size` characters. The WSGI server sends each piece it is given on its
    own, and a million one-line pieces cost it more than writing the lines did."""
    block, length = [], 0
    for line in lines:
        block.append(line)
        length += len(line)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


@require_safe
def opportunity_data_csv(request):
    response = StreamingHttpResponse(in_blocks(iter_opportunity_csv()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="opportunity-data.csv"'
    return response
