"""Charts drawn on the server as SVG, so they show without JavaScript and read the same everywhere.

Each chart is an image with a title and a description (`role="img"`, `aria-labelledby`); the page puts the table of
its figures right after it, which is how a screen reader user (or anyone) gets the numbers. Colours are presentation
attributes, not inline styles (the Content-Security-Policy forbids those), and each has at least 3:1 contrast with the
white page; text is GOV.UK black.
"""

import math

from markupsafe import Markup, escape

WIDTH = 800
TEXT = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#b1b4b6"
# GOV.UK colours with at least 3:1 contrast against white, told apart by the legend and the table.
PALETTE = ("#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#505a5f", "#d53880", "#003078", "#85994b")
FONT_SIZE = 16
LINE = 24
BAR = 20
GAP = 6
VALUE_ROOM = 150  # room right of the longest bar for its figure
_CHAR = 0.55 * FONT_SIZE  # average width of a character, for laying out legends


def _svg(chart_id, title, description, height, body):
    return Markup(
        f'<svg class="app-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'{"".join(body)}</svg>'
    )


def _text(x, y, text, anchor="start", weight=None):
    bold = ' font-weight="bold"' if weight else ""
    return (f'<text class="app-chart__text" x="{x:.1f}" y="{y:.1f}" fill="{TEXT}" font-size="{FONT_SIZE}" '
            f'text-anchor="{anchor}"{bold}>{escape(text)}</text>')


def _rect(x, y, width, height, colour):
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" fill="{colour}"/>'


def _legend(series, top):
    """Swatches and names, wrapped onto as many lines as they need. Returns (elements, height used)."""
    body, x, y = [], 0.0, top
    for index, name in enumerate(series):
        width = 16 + 6 + len(name) * _CHAR + 24
        if x and x + width > WIDTH:
            x, y = 0.0, y + LINE
        body.append(_rect(x, y + 4, 16, 16, PALETTE[index % len(PALETTE)]))
        body.append(_text(x + 22, y + 18, name))
        x += width
    return body, y + LINE - top + GAP


def bar_chart(chart_id, title, description, rows, series=None, value_text=str):
    """Horizontal bars, one group per row: `rows` is [(label, [value per series])]. Each row's label sits above
    its bars and each bar ends with its figure, so long names never need cutting."""
    series = series or []
    body, y = [], 0.0
    if len(series) > 1:
        body, y = _legend(series, 0)
    largest = max((value for _, values in rows for value in values), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / float(largest)
    for label, values in rows:
        body.append(_text(0, y + FONT_SIZE, label))
        y += LINE
        for index, value in enumerate(values):
            length = float(value) * scale
            body.append(_rect(0, y, length, BAR, PALETTE[index % len(PALETTE)]))
            body.append(_text(length + 6, y + BAR - 4, value_text(value)))
            y += BAR + 2
        y += GAP + 4
    return _svg(chart_id, title, description, max(y, LINE), body)


def stacked_bar_chart(chart_id, title, description, rows, series, value_text=str):
    """One horizontal bar per row, split into its parts: `rows` is [(label, [value per series])]; the bar ends
    with the row's total."""
    body, y = _legend(series, 0)
    largest = max((sum(values) for _, values in rows), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / float(largest)
    for label, values in rows:
        body.append(_text(0, y + FONT_SIZE, label))
        y += LINE
        x = 0.0
        for index, value in enumerate(values):
            length = float(value) * scale
            if length:
                body.append(_rect(x, y, length, BAR + 4, PALETTE[index % len(PALETTE)]))
            x += length
        body.append(_text(x + 6, y + BAR, f"{value_text(sum(values))} in total"))
        y += BAR + 4 + GAP + 8
    return _svg(chart_id, title, description, y, body)


def _ticks(largest):
    """Round gridline values from 0 to at least `largest` (more than 0): steps of 1, 2 or 5 times a power of ten, at
    most five. `math.ceil`, not `-(-a // b)`: a Decimal's `//` rounds towards zero, which made a largest share under 1
    (0.7%) a single gridline at 0."""
    step = next(multiple * 10 ** power for power in range(16) for multiple in (1, 2, 5)
                if math.ceil(largest / (multiple * 10 ** power)) <= 5)
    return list(range(0, math.ceil(largest / step) * step + 1, step))


def column_chart(chart_id, title, description, columns, value_text=str):
    """Vertical columns over time: `columns` is [(axis label or "", value)]; only columns with a label get one
    under them (for instance the first quarter of each year)."""
    plot_top, plot_height, left, bottom_room = FONT_SIZE, 260, 56, 2 * LINE
    largest = max((value for _, value in columns), default=0)
    ticks = _ticks(largest or 1)
    scale = plot_height / float(ticks[-1])
    base = plot_top + plot_height
    body = []
    for tick in ticks:
        y = base - tick * scale
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        body.append(_text(left - 8, y + 5, value_text(tick), anchor="end"))
    slot = (WIDTH - left) / max(len(columns), 1)
    width = max(slot * 0.7, 1)
    for index, (label, value) in enumerate(columns):
        x = left + index * slot + (slot - width) / 2
        height = float(value) * scale
        body.append(_rect(x, base - height, width, height, PALETTE[0]))
        if label:
            body.append(f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 6}" stroke="{AXIS}" '
                        f'stroke-width="1"/>')
            body.append(_text(x, base + LINE, label))
    body.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{AXIS}" stroke-width="2"/>')
    return _svg(chart_id, title, description, base + bottom_room, body)
