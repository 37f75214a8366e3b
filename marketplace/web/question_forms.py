"""Forms for the requirement question pages, built from the declared questions (opportunities/questions.py).

A form here only turns what was typed into answers (and a date's day, month and year into one date); every rule
about the answers themselves is the service's, so the form, the API and publishing all say the same thing.
`controls()` gives each question's GOV.UK macro and its parameters, from the question's label, hint, limits and
options.
"""

import datetime as dt

from django import forms

from marketplace.opportunities.questions import (
    BY_KEY, CHOICE, CHOICES, DATE, INTEGER, ITEMS, TEXT, TEXTAREA, WEIGHTINGS,
)

DATE_PARTS = ("day", "month", "year")
MIN_ITEM_BOXES = 3


def _name(question):
    return question.label.removesuffix(" (optional)")


class _DateParts(forms.Widget):
    """Reads `<key>-day`, `<key>-month` and `<key>-year`."""

    def value_from_datadict(self, data, files, name):
        return {part: data.get(f"{name}-{part}", "") for part in DATE_PARTS}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part in DATE_PARTS)


def date_problem(parts, name):
    """(message, parts in error) for a typed date, or None when it is a date or left blank (GOV.UK wording)."""
    values = {part: (parts.get(part) or "").strip() for part in DATE_PARTS}
    if not any(values.values()):
        return None
    missing = [part for part in DATE_PARTS if not values[part]]
    if missing:
        return f"{name} must include a {' and '.join(missing)}", missing
    not_numbers = [part for part in DATE_PARTS if not values[part].isdigit()]
    if not_numbers:
        return f"{name} must be a real date", not_numbers
    if len(values["year"]) != 4:
        return "Year must include 4 numbers", ["year"]
    try:
        dt.date(int(values["year"]), int(values["month"]), int(values["day"]))
    except ValueError:
        return f"{name} must be a real date", list(DATE_PARTS)
    return None


class _DateField(forms.Field):
    widget = _DateParts

    def __init__(self, question, **kwargs):
        self.question = question
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        value = value or {}
        problem = date_problem(value, _name(self.question))
        if problem:
            raise forms.ValidationError(problem[0])
        if not any((value.get(part) or "").strip() for part in DATE_PARTS):
            return None
        return dt.date(int(value["year"]), int(value["month"]), int(value["day"])).isoformat()


class _ListField(forms.Field):
    """Every value posted under the name, in order (checkboxes, and the boxes of a list of items)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [str(v) for v in (value or [])]


def _date_initial(value):
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return {part: "" for part in DATE_PARTS}
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def _form_field(question):
    if question.kind in (CHOICES, ITEMS):
        return _ListField(required=False)
    if question.kind == DATE:
        return _DateField(question)
    return forms.CharField(required=False, strip=False)


class QuestionPageForm(forms.Form):
    """One question page of a requirement: a field for each question the lot asks on the page.

    `add_item_to` names a list question that gets one more empty box (the "Add another" button)."""

    def __init__(self, lot, page, saved, data=None, add_item_to=None):
        self.lot = lot
        self.page = page
        self.questions = [BY_KEY[key] for key in page.keys]
        self.add_item_to = add_item_to
        initial = {}
        for question in self.questions:
            value = saved.get(question.key)
            if question.kind == DATE:
                value = _date_initial(value)
            elif question.kind in (CHOICES, ITEMS):
                value = list(value or [])
            elif value is not None:
                value = str(value)
            initial[question.key] = value
        super().__init__(data=data, initial=initial)
        for question in self.questions:
            self.fields[question.key] = _form_field(question)

    def answers(self):
        """The page's answers, to save as they are (call after `is_valid()`)."""
        return {question.key: self.cleaned_data[question.key] for question in self.questions}

    def _item_values(self, question):
        values = list(self[question.key].value() or [])
        if self.is_bound:
            boxes = len(values) + (1 if self.add_item_to == question.key else 0)
        else:
            boxes = max(len(values) + 1, MIN_ITEM_BOXES)
        if question.max_items:
            boxes = min(boxes, max(question.max_items, len(values)))
        return values + [""] * (boxes - len(values))

    def controls(self):
        """[(macro name, parameters)] for the template, one per question, in the page's order."""
        heading = len(self.questions) == 1
        return [_control(self, question, heading) for question in self.questions]


def _error(form, key):
    errors = form.errors.get(key) if form.is_bound else None
    return {"text": " ".join(errors)} if errors else None


def _hint(question, lot):
    hint = question.hint_for(lot)
    limits = question.range_for(lot) if question.kind == INTEGER else None
    if not hint and limits and question.key in WEIGHTINGS:
        hint = f"Between {limits[0]}% and {limits[1]}%"
    return {"text": hint} if hint else None


def _items_hint(question, hint):
    limit = f"You can add up to {question.max_items} items" if question.max_items else "You can add items"
    if hint:
        return f"{hint['text']}. {limit}."
    words = f", each {question.item_max_words} words or fewer" if question.item_max_words else ""
    return f"{limit}{words}."


def _label(question, heading):
    if heading:
        return {"text": question.label, "isPageHeading": True, "classes": "govuk-label--l"}
    return {"text": question.label, "classes": "govuk-label--m"}


def _legend(question, heading):
    return {"text": question.label, "isPageHeading": heading,
            "classes": "govuk-fieldset__legend--l" if heading else "govuk-fieldset__legend--m"}


def _with_optional(params, **extra):
    params.update({k: v for k, v in extra.items() if v})
    return params


def _control(form, question, heading):
    key, lot = question.key, form.lot
    value = form[key].value()
    error = _error(form, key)
    hint = _hint(question, lot)
    if question.kind == TEXT:
        return "input", _with_optional({"id": key, "name": key, "label": _label(question, heading),
                                        "value": value or "", "spellcheck": True},
                                       hint=hint, errorMessage=error)
    if question.kind == TEXTAREA:
        return "character_count", _with_optional(
            {"id": key, "name": key, "label": _label(question, heading), "value": value or "",
             "maxwords": question.max_words, "rows": 8 if (question.max_words or 0) > 100 else 5},
            hint=hint, errorMessage=error)
    if question.kind == INTEGER:
        params = {"id": key, "name": key, "label": _label(question, heading), "value": value or "",
                  "inputmode": "numeric", "spellcheck": False, "classes": "govuk-input--width-3"}
        if key in WEIGHTINGS:
            params["suffix"] = {"text": "%"}
        return "input", _with_optional(params, hint=hint, errorMessage=error)
    if question.kind in (CHOICE, CHOICES):
        chosen = set(value) if isinstance(value, (list, tuple)) else {value}
        return ("radios" if question.kind == CHOICE else "checkboxes"), _with_optional(
            {"idPrefix": key, "name": key, "fieldset": {"legend": _legend(question, heading)},
             "items": [{"value": v, "text": t, "checked": v in chosen} for v, t in question.options_for(lot)]},
            hint=hint, errorMessage=error)
    if question.kind == DATE:
        problem = date_problem(value, _name(question)) if error else None
        bad_parts = problem[1] if problem else (DATE_PARTS if error else ())
        widths = {"day": 2, "month": 2, "year": 4}
        return "date", _with_optional(
            {"id": f"{key}-date", "fieldset": {"legend": _legend(question, heading)},
             "items": [{"id": key if part == "day" else f"{key}-{part}", "name": f"{key}-{part}",
                        "label": part.capitalize(), "value": value.get(part, ""),
                        "classes": f"govuk-input--width-{widths[part]}"
                                   + (" govuk-input--error" if part in bad_parts else "")}
                       for part in DATE_PARTS]},
            hint=hint, errorMessage=error)
    if question.kind == ITEMS:
        values = form._item_values(question)
        return "items", {
            "key": key, "legend": _legend(question, heading), "hint": {"text": _items_hint(question, hint)},
            "errorMessage": error,
            "items": [{"id": key if n == 1 else f"{key}-{n}", "name": key, "label": {"text": f"Item {n}"},
                       "value": text} for n, text in enumerate(values, start=1)],
            "can_add": question.max_items is None or len(values) < question.max_items,
        }
    raise AssertionError(f"no control for {question.kind}")
