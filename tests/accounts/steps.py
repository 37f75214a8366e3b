"""Steps the account tests share."""

import html
import re

from factories import PASSWORD


def sign_in(client, email, password=PASSWORD):
    return client.post("/sign-in", {"email": email, "password": password})


def text_of(response):
    """The page's text with tags removed and spaces collapsed, as a person reads it."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def field_error(response, name):
    """The error message shown on field `name`, or None."""
    match = re.search(rf'<p id="{re.escape(name)}-error"[^>]*>(.*?)</p>', response.content.decode(), flags=re.S)
    if not match:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()).removeprefix("Error: ")
