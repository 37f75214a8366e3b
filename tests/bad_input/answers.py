"""Reading what a page answered: the forms it offers, whether it refused, and what it said when it did."""

import re
from urllib.parse import urlsplit

from .pages import forms_on

# Sessions are saved on every request (SESSION_SAVE_EVERY_REQUEST), refused or not.
NOT_WRITES = {"sessions.Session"}


def own_forms(response, url):
    """The controls of the page's forms that send to `url` itself, by method: {"post": {name: Control}, ...}.
    Posting is always tried, with no fields when the page has no form of its own."""
    forms = {"post": {}}
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return forms
    for form in forms_on(response.content.decode()):
        if form.action in ("", url) or urlsplit(form.action).path == url:
            forms.setdefault(form.method, {}).update(form.controls)
    return forms


def _text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def refusal_message(response):
    """What a refused request tells its sender, or "" when it tells nothing."""
    if response.status_code == 405:
        return f"Allowed: {response.get('Allow', '')}" if response.get("Allow") else ""
    content = response.content.decode(errors="replace")
    if "html" not in response.get("Content-Type", ""):
        return content.strip()
    summary = re.search(r'class="govuk-error-summary.*?</ul>', content, flags=re.S)
    if summary:
        return "; ".join(filter(None, (_text(item) for item in
                                       re.findall(r"<li[^>]*>(.*?)</li>", summary.group(0), flags=re.S))))
    back_office = (re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', content, flags=re.S)
                   + re.findall(r'<li class="error">(.*?)</li>', content, flags=re.S))
    if back_office:
        return "; ".join(_text(block) for block in back_office)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", content, flags=re.S)
    return _text(heading.group(1)) if heading else ""


def is_refusal(response):
    if response.status_code >= 400:
        return True
    content = response.content
    # GOV.UK pages sum up their errors; the back office lists them by a field or as an error message.
    return response.status_code == 200 and any(mark in content for mark in (
        b"govuk-error-summary", b'class="errorlist', b'<li class="error">'))


def check_answer(response, writes, body, refusal_writes=frozenset()):
    assert response.status_code < 500, f"{response.status_code} for {body[:300]!r}"
    if not is_refusal(response):
        return
    assert refusal_message(response), f"a {response.status_code} that says nothing, for {body[:300]!r}"
    unexpected = set(writes) - NOT_WRITES - refusal_writes
    assert not unexpected, (f"refused ({response.status_code}: {refusal_message(response)[:200]}) but wrote "
                            f"{ {label: writes[label] for label in unexpected} } for {body[:300]!r}")


