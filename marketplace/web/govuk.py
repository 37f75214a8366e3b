"""Turning Django form fields into the parameters GOV.UK Frontend macros expect.

Templates call `field(form, "email", label="Email address", hint="...")` and pass the result to the
matching macro (govukInput, govukTextarea, govukRadios, govukCheckboxes, govukSelect, govukPasswordInput).
"""


def _value(bound):
    value = bound.value()
    return "" if value is None else value


def field(form, name, label=None, hint=None, page_heading=False, kind="input", label_classes=None, **extra):
    bound = form[name]
    label_text = label or bound.label
    errors = bound.errors
    params = {"id": name, "name": name}
    if errors:
        params["errorMessage"] = {"text": " ".join(errors)}
    if hint or bound.help_text:
        params["hint"] = {"text": hint or bound.help_text}
    if kind in ("radios", "checkboxes"):
        selected = _value(bound)
        selected = {str(v) for v in selected} if isinstance(selected, (list, tuple)) else {str(selected)}
        params["idPrefix"] = name
        params["fieldset"] = {"legend": {"text": label_text, "isPageHeading": page_heading,
                                         "classes": label_classes or ("govuk-fieldset__legend--l" if page_heading
                                                                      else "govuk-fieldset__legend--m")}}
        params["items"] = [{"value": str(v), "text": str(t), "checked": str(v) in selected}
                           for v, t in bound.field.choices if str(v) != ""]
    elif kind == "select":
        current = str(_value(bound))
        params["label"] = {"text": label_text}
        params["items"] = [{"value": str(v), "text": str(t), "selected": str(v) == current}
                           for v, t in bound.field.choices]
    else:
        params["label"] = {"text": label_text, "isPageHeading": page_heading,
                           "classes": label_classes or ("govuk-label--l" if page_heading else "")}
        if kind != "password":
            params["value"] = _value(bound)
    params.update(extra)
    return params


def error_list(form):
    """The error summary's list: one link per message, to the field it is about."""
    items = []
    for message in form.non_field_errors():
        items.append({"text": message})
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        for message in errors:
            items.append({"text": message, "href": f"#{name}"})
    return items

