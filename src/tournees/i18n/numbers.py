"""Numbers and counted nouns as the reader writes them: « 156,6 km », « 1 intervenant » / "156.6 km", "1 staff"."""

from __future__ import annotations

from tournees.i18n import default_lang, t


def number_text(value: float, digits: int = 1, lang: str | None = None) -> str:
    """``value`` with ``digits`` decimals: decimal comma and spaced thousands in French, point and commas in English."""
    text = f"{value:,.{digits}f}"
    if (lang or default_lang()) == "en":
        return text
    return text.replace(",", " ").replace(".", ",")


def count_text(n: int, key: str, lang: str | None = None) -> str:
    """``n`` with its noun agreed: the text ``key`` holds "singular|plural" with ``{n}``; French takes the singular
    for 0 and 1, English for 1 only."""
    lang = lang or default_lang()
    one, many = t(key, lang, n=n).split("|")
    return one if n == 1 or (n == 0 and lang != "en") else many
