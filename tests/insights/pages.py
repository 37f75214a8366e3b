"""Reading the insights page the way a person (or a screen reader) does: its tables, its charts and their order."""

import csv
import io
from html.parser import HTMLParser


class InsightsPage(HTMLParser):
    """The page's tables by id (header row first, each cell's text), its SVG charts with their title and
    description, and the sequence of charts and tables as they appear in the page."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tables, self.charts, self.sequence, self.style_attributes = {}, [], [], []
        self._table = self._row = self._cell = None
        self._svg = None
        self._svg_part = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.style_attributes.append(tag)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
            self.sequence.append(("table", self._table))
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "svg" and attrs.get("class") == "app-chart":
            self._svg = {"attrs": attrs, "title": "", "desc": "", "title_id": None, "desc_id": None}
            self.charts.append(self._svg)
            self.sequence.append(("chart", attrs.get("aria-labelledby")))
        elif self._svg is not None and tag in ("title", "desc"):
            self._svg_part = tag
            self._svg[f"{tag}_id"] = attrs.get("id")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "svg":
            self._svg = None
        elif tag in ("title", "desc"):
            self._svg_part = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._svg is not None and self._svg_part:
            self._svg[self._svg_part] += data

    def table(self, name):
        return self.tables[f"table-{name}"]


def page_of(response):
    assert response.status_code == 200, response.content[:2000]
    return InsightsPage(response.content.decode())


def csv_rows(response):
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))
