"""The registered services: the three of the programme, and any a caller registers.

Adding a service = one subpackage with a :class:`~tournees.services.base.Service` subclass,
its records and migration, and a line in :data:`BUILTIN` (or :func:`register` at run time).
"""

from __future__ import annotations

import importlib

from tournees.errors import ValidationError
from tournees.services.base import Service

# module path and class of each service of the programme, in the order they are shown
BUILTIN = (
    ("tournees.services.bricolage.service", "BricolageService"),
    ("tournees.services.ecrivain.service", "EcrivainService"),
    ("tournees.services.epicerie.service", "EpicerieService"),
    ("tournees.services.referent.service", "ReferentService"),
)
_SERVICES: dict[str, Service] = {}


def _load_builtin() -> None:
    if not _SERVICES:
        for module, name in BUILTIN:
            service = getattr(importlib.import_module(module), name)()
            _SERVICES[service.code] = service


def register(service: Service) -> None:
    """Add a service (after the built-in ones); its code must be new."""
    _load_builtin()
    if service.code in _SERVICES:
        raise ValueError(f"service « {service.code} » déjà enregistré")
    _SERVICES[service.code] = service


def unregister(code: str) -> None:
    _load_builtin()
    _SERVICES.pop(code, None)


def services() -> list[Service]:
    _load_builtin()
    return list(_SERVICES.values())


def codes() -> tuple[str, ...]:
    return tuple(s.code for s in services())


def get(code: str) -> Service:
    _load_builtin()
    try:
        return _SERVICES[code]
    except KeyError:
        raise ValidationError(f"service « {code} » inconnu ; services : {', '.join(_SERVICES)}") from None
