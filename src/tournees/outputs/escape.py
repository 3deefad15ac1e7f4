"""Escaping record text for the context it lands in: the one place maps, sheets, letters, calendars and pages use.

Names of residences, communes, stops and venues, notes and reasons come from spreadsheets
anyone may have typed into. Each output context has its own dangerous characters:

- HTML text and attribute values: ``& < > " '`` (:func:`html_text`, :func:`html_attr`);
- HTML that a page script builds from a JavaScript *template literal* — folium writes popups
  and tooltips as ``$(`<div>…</div>`)`` — where ``${…}``, a backtick or a backslash would be
  JavaScript, not text: :func:`map_html` (HTML-escaped, then ``$ ` \\`` as character references);
- a JavaScript string or template literal written into a ``<script>``: :func:`js_string`,
  :func:`js_template`;
- iCalendar TEXT values: :func:`ics_text` (no CR or control character can start a new
  property; the icalendar library then escapes ``\\ ; ,`` and newlines);
- spreadsheet cells: :func:`formula_like` and :func:`keep_text` (from :mod:`tournees.io.spreadsheet`).
"""

from __future__ import annotations

import html
import json
import re

from tournees.io.spreadsheet import formula_like, keep_text

__all__ = ["formula_like", "html_attr", "html_text", "ics_text", "js_string", "js_template", "keep_text", "map_html"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_TEMPLATE_ACTIVE = {"$": "&#36;", "`": "&#96;", "\\": "&#92;"}


def html_text(text: object) -> str:
    """Text placed between HTML tags."""
    return html.escape(str(text), quote=True)


def html_attr(text: object) -> str:
    """Text placed inside a quoted HTML attribute value (either quote)."""
    return html.escape(_CONTROL.sub(" ", str(text)), quote=True)


def map_html(text: object) -> str:
    """Text placed in HTML that a script builds from a JavaScript template literal (folium popups, tooltips).

    ``${document.title=…}`` in a stop's name would run when the popup is built: after HTML
    escaping, ``$``, backtick and backslash become character references, which the template
    literal leaves alone and the browser shows as the characters they stand for.
    """
    return "".join(_TEMPLATE_ACTIVE.get(c, c) for c in html_text(text))


def js_string(text: object) -> str:
    """A JavaScript string literal (with its quotes), safe inside an HTML ``<script>`` element."""
    literal = json.dumps(str(text), ensure_ascii=False)
    return (literal.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def js_template(text: object) -> str:
    """The inside of a JavaScript template literal (between backticks), safe inside ``<script>``."""
    inner = js_string(text)[1:-1]  # JSON escapes \\ " and controls; a template literal also needs ` and ${
    return inner.replace("`", "\\u0060").replace("${", "\\u0024{")


def ics_text(text: object, *, one_line: bool = False) -> str:
    """An iCalendar TEXT value before the icalendar library escapes it: no CR or control character.

    Newlines stay (the library writes them as ``\\n``) unless ``one_line``, for properties the library
    does not treat as TEXT (``X-WR-CALNAME``), where a newline would start a new property.
    """
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", lines.replace("\n", " ") if one_line else lines)
