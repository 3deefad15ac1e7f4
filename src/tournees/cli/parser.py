"""argparse in the reader's language: usage line, section titles, ``--help`` and every error message.

argparse writes its own words in English; a planner who runs ``tournees`` in French must read
« arguments obligatoires absents : --week », not "the following arguments are required". Errors still
exit with code 2 after the usage line, as argparse does.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from tournees.i18n import t


class _Formatter(argparse.HelpFormatter):
    usage_prefix = "usage: "

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, self.usage_prefix if prefix is None else prefix)


# argparse's messages (Python 3.11 to 3.13) and the text that says each in the reader's language
_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<rest>.*)", re.S)
_IN_ARGUMENT = (
    (re.compile(r"invalid choice: '?(?P<value>.*?)'? \(choose from (?P<choices>.*)\)", re.S), "arg_choice"),
    (re.compile(r"expected one argument"), "arg_one_value"),
    (re.compile(r"invalid \S+ value: '?(?P<value>.*?)'?$", re.S), "arg_invalid"),
    (re.compile(r"ignored explicit argument '?(?P<value>.*?)'?$", re.S), "arg_no_value"),
)
_WHOLE = (
    (re.compile(r"the following arguments are required: (?P<names>.*)", re.S), "arg_required"),
    (re.compile(r"unrecognized arguments: (?P<names>.*)", re.S), "arg_unknown"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", re.S), "arg_ambiguous"),
)


def translated(message: str, lang: str) -> str:
    """argparse's English ``message`` in ``lang`` (an option's own message, already translated, is kept)."""
    for pattern, key in _WHOLE:
        if m := pattern.fullmatch(message):
            return t(key, lang, **m.groupdict())
    if m := _ARGUMENT.fullmatch(message):
        name, rest = m["name"], m["rest"]
        for pattern, key in _IN_ARGUMENT:
            if found := pattern.fullmatch(rest):
                return t(key, lang, name=name, **found.groupdict())
        return t("arg_named", lang, name=name, message=rest)  # the option's own text (io.options)
    return t("arg_other", lang, message=message)


class LocalParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help and errors are in :attr:`lang`; sub-commands inherit it."""

    lang = "fr"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # our own -h, with its help in the reader's language
        super().__init__(*args, **kwargs)
        self._positionals.title = t("arg_positionals", self.lang)
        self._optionals.title = t("arg_options", self.lang)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("arg_help", self.lang))

    def _get_formatter(self) -> argparse.HelpFormatter:
        formatter = super()._get_formatter()
        if isinstance(formatter, _Formatter):
            formatter.usage_prefix = t("arg_usage", self.lang)
        return formatter

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("arg_error", self.lang, prog=self.prog, message=translated(message, self.lang)) + "\n")


def parser_class(lang: str) -> type[LocalParser]:
    """The parser class that speaks ``lang``."""
    return type("LocalParser", (LocalParser,), {"lang": lang})
