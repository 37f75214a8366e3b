"""The form for one section of a framework declaration, built from the declared questions (declaration.py).

The form only turns what was posted into answers in the declaration's own terms (yes and no into True and False,
a ticked statement into True, nothing into None, which clears an answer); every rule about the answers is the
declaration's, so the pages and the API say the same thing. A follow-up is always on the page, straight after the
answer that opens it; when that answer does not open it, saving drops it. (GOV.UK's conditional reveal would hide
it, but its script marks the radios with aria-expanded, which radios may not have.)
"""

from django import forms

from marketplace.formatting import money
from marketplace.framework_applications import declaration
from marketplace.framework_applications.declaration import ACCEPT, MONEY, TEXTAREA, YES_NO

YES, NO = "yes", "no"
FOLLOW_UP_HINT = "Only if you answered yes to the question before"


def _shown(question, value):
    """A saved answer as the form shows it."""
    if value is None:
        return ""
    if question.kind in (YES_NO, ACCEPT):
        return YES if value is True else NO
    if question.kind == MONEY:
        return str(value).removesuffix(".00")
    return str(value)


def _read(question, text):
    """What was posted, as the declaration's answer; anything unexpected is passed on for the declaration to
    refuse with its own message."""
    text = text or ""
    if question.kind == YES_NO:
        return {YES: True, NO: False, "": None}.get(text, text)
    if question.kind == ACCEPT:
        return {YES: True, "": None}.get(text, text)
    return text


def _follows_yes(question):
    opener = question.asked_when
    return opener is not None and opener.equals is True


class DeclarationSectionForm(forms.Form):
    def __init__(self, section_slug, saved, data=None):
        self.questions = declaration.section_questions(section_slug)
        super().__init__(data=data, initial={question.key: _shown(question, saved.get(question.key))
                                             for question in self.questions})
        for question in self.questions:
            self.fields[question.key] = forms.CharField(required=False, strip=False)

    def answers(self):
        """Every question of the section, as posted (call after `is_valid()`)."""
        return {question.key: _read(question, self.cleaned_data[question.key]) for question in self.questions}

    def controls(self):
        """[(macro name, parameters)] for the template, one per question in the declaration's order (a follow-up
        straight after the answer that opens it)."""
        return [self._control(question) for question in self.questions]

    def _control(self, question):
        key = question.key
        value = self[key].value() or ""
        params = {"name": key}
        errors = self.errors.get(key) if self.is_bound else None
        if errors:
            params["errorMessage"] = {"text": " ".join(errors)}
        hint = question.hint or (FOLLOW_UP_HINT if _follows_yes(question) else "")
        if hint:
            params["hint"] = {"text": hint}
        if question.kind == YES_NO:
            params.update(idPrefix=key, fieldset={"legend": {"text": question.label,
                                                             "classes": "govuk-fieldset__legend--s"}},
                          items=[{"value": YES, "text": "Yes", "checked": value == YES},
                                 {"value": NO, "text": "No", "checked": value == NO}])
            return "radios", params
        if question.kind == ACCEPT:
            params.update(idPrefix=key, items=[{"value": YES, "text": question.label, "checked": value == YES}])
            return "checkboxes", params
        params.update(id=key, label={"text": question.label, "classes": "govuk-label--s"}, value=value)
        if question.kind == MONEY:
            params.update(prefix={"text": "£"}, inputmode="decimal", spellcheck=False,
                          classes="govuk-input--width-10")
            return "input", params
        assert question.kind == TEXTAREA, question.kind
        params.update(maxwords=question.max_words, rows=6)
        return "character_count", params


def answer_text(question, value):
    """A saved answer as a person reads it."""
    if value is None:
        return "Not answered"
    if question.kind == YES_NO:
        return "Yes" if value else "No"
    if question.kind == ACCEPT:
        return "Accepted"
    if question.kind == MONEY:
        return money(value)
    return value
