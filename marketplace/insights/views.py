"""The public insights page and the CSV behind each of its tables."""

import csv

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from . import selectors
from .forms import FiltersForm
from .tables import SECTIONS, TABLES


def insights(request):
    form = FiltersForm(request.GET)
    sections, unrolled = [], False
    if form.is_valid():
        unrolled = form.cleaned_data["unroll"]
        with selectors.one_reading():
            sections = [{"anchor": anchor, "heading": heading,
                         "tables": [TABLES[name](form.filters, unroll=unrolled) for name in names]}
                        for anchor, heading, names in SECTIONS]
    unroll, rollup = request.GET.copy(), request.GET.copy()
    unroll["unroll"] = "1"
    rollup.pop("unroll", None)
    return render(request, "insights/index.html", {
        "form": form, "sections": sections, "query": request.GET.urlencode(), "unrolled": unrolled,
        "unroll_query": unroll.urlencode(), "rollup_query": rollup.urlencode(),
    })


def table_csv(request, name):
    build = TABLES.get(name)
    if build is None:
        raise Http404("No such table")
    form = FiltersForm(request.GET)
    if not form.is_valid():
        problems = [message for messages in form.errors.values() for message in messages]
        return HttpResponseBadRequest("\n".join(problems) + "\n", content_type="text/plain; charset=utf-8")
    table = build(form.filters, unroll=form.cleaned_data["unroll"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.csv_name}"'
    csv.writer(response).writerows(table.csv_rows())
    return response
