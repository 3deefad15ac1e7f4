"""A service's table of ``tournees.toml`` (``[bricolage]``…), checked against its parameter type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.settings import Settings

_EXPECTED = {float: "cli_setting_number", int: "cli_setting_whole", str: "cli_setting_text", tuple: "cli_setting_list"}


def section_values(cls: type, settings: Settings, section: str) -> dict[str, Any]:
    """The ``[section]`` table of the settings file, checked against the fields of ``cls`` (names and types)."""
    raw = dict(settings.sections.get(section, {}))
    known = {f.name: f for f in fields(cls)}
    where = f"{settings.config_file}, [{section}]"
    unknown = sorted(set(raw) - set(known))
    if unknown:
        names, allowed = ", ".join(unknown), ", ".join(sorted(known))
        raise ValidationError(t("cli_unknown_setting", settings.lang, path=where, names=names, allowed=allowed))
    for key, value in raw.items():
        default = getattr(cls(), key)
        if isinstance(default, bool) or not isinstance(default, int | float | str | tuple):
            continue
        kind = float if isinstance(default, float) else type(default)
        if isinstance(value, bool) or not isinstance(value, int | float if kind is float else kind):
            text = _EXPECTED[kind]  # type: ignore[index]
            raise ValidationError(t(text, settings.lang, path=where, key=key, value=repr(value)))
        if kind is float:
            raw[key] = float(value)  # type: ignore[arg-type]  # an int or a float, checked above
    try:
        cls(**raw)
    except ValidationError as err:
        raise ValidationError(f"{where} : {err}") from None
    return raw


def check_sections(settings: Settings, services: Iterable[Any]) -> None:
    """Every table of the settings file is a registered service's, with keys and values its parameters accept.

    Checked when any command starts: a misspelt ``[bricolge]`` would otherwise be ignored for ever, and a
    wrong value would wait for the first plan of its service.
    """
    by_code = {service.code: service for service in services}
    for section in settings.sections:
        if section not in by_code:
            allowed = ", ".join(f"[{code}]" for code in sorted(by_code))
            raise ValidationError(
                t("cli_unknown_section", settings.lang, path=settings.config_file, section=section, allowed=allowed)
            )
        params = by_code[section].params_type
        if params is not None and hasattr(params, "from_settings"):
            params.from_settings(settings)
