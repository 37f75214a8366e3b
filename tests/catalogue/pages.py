"""Reading pages the way a person does, for the catalogue tests."""

import html
import re


def text_of(response_or_html):
    """The page's main content as text, tags removed and spaces collapsed."""
    page = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    if "<main" in page:
        page = page[page.index("<main"):page.index("</main>")]
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def result_titles(response):
    """The titles of the search results, in order."""
    page = response.content.decode()
    return [html.unescape(t).strip() for t in re.findall(r'<h3 class="govuk-heading-s[^"]*">\s*<a [^>]*>(.*?)</a>',
                                                          page, flags=re.S)]


def field_error(response, name):
    match = re.search(rf'<p id="{re.escape(name)}-error"[^>]*>(.*?)</p>', response.content.decode(), flags=re.S)
    if not match:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()).removeprefix("Error: ")
