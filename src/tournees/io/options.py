"""Command-line values checked as strictly as file cells: ASCII digits, finite, in range.

``float("nan")``, ``float("-1")`` and ``int("１２")`` (full-width digits) are all accepted by
Python; a time limit or a seed must not be. Used as argparse ``type=`` so that a bad value
stops the command before anything runs (argparse exits with code 2).
"""

from __future__ import annotations

import argparse
import math
import re

from tournees.i18n import t
from tournees.model.fields import MAX_INT_DIGITS

_lang = ["fr"]
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]*)?", re.ASCII)


def use_lang(lang: str) -> None:
    """The language of the option messages (set once the command line's language is known)."""
    _lang[0] = lang


def positive_seconds(text: str) -> float:
    """A duration in seconds: an ASCII decimal number above 0 (not nan, not infinite)."""
    clean = text.strip()
    if not _NUMBER.fullmatch(clean) or not 0 < float(clean.replace(",", ".")) < math.inf:
        raise argparse.ArgumentTypeError(t("sec_bad_seconds", _lang[0], value=text))
    return float(clean.replace(",", "."))


def positive_number(text: str) -> float:
    """A positive decimal number written with ASCII digits (hours, a factor: its message says no unit)."""
    try:
        return positive_seconds(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(t("sec_bad_number", _lang[0], value=text)) from None


def whole_number(text: str) -> int:
    """A whole number written with ASCII digits (full-width or Arabic-Indic digits are refused)."""
    clean = text.strip()
    if not re.fullmatch(r"[+-]?[0-9]+", clean, re.ASCII) or len(clean.lstrip("+-")) > MAX_INT_DIGITS:
        raise argparse.ArgumentTypeError(t("sec_bad_whole", _lang[0], value=text[:40]))
    return int(clean)


SEED_MAX = 2**31 - 1  # the solvers take 32-bit seeds (and add a worker's number to them)


def seed_number(text: str) -> int:
    """A random seed: a whole number from 0 to :data:`SEED_MAX`."""
    value = whole_number(text)
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(t("sec_whole_range", _lang[0], value=text, low=0, high=SEED_MAX))
    return value
