"""Spreadsheet cells that stay text: no formula from a tenant's, a commune's or a planner's text.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what a
spreadsheet may run as a formula (``=HYPERLINK(…)``, ``+cmd|…``). Every xlsx writer of
tournees passes its workbook through :func:`keep_text` before saving: such cells are stored as
text (``data_type "s"``) with Excel's *quote prefix* style, so they show and re-save as the same
text and ``tournees import`` reads them back unchanged (no apostrophe is added to the value).
"""

from __future__ import annotations

from typing import Any

from tournees.model.fields import CONTROL_CHARS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """True for a text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def cell_value(value: Any) -> Any:
    """``value`` as a workbook cell can hold it: a control character (that no import lets in, but a base
    written before that rule may hold) becomes U+FFFD instead of stopping the whole workbook."""
    return CONTROL_CHARS.sub("\ufffd", value) if isinstance(value, str) else value


def keep_text(book: Any) -> int:
    """Store every formula-like text cell of an openpyxl workbook as text; return how many were changed."""
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed
