"""Coordinates for the residences, depots and venues imported without them.

The import never calls a service (it must work offline and never wait): rows without
``lat``/``lon`` are stored as they are. ``tournees geocode`` then asks the geocoders
(BAN first, Nominatim as a fallback, cached and rate-limited, see :mod:`tournees.geocoding`),
writes the coordinates found with a sufficient score, and lists what a planner must check:
not found, uncertain, or not asked because the machine is offline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tournees.db import Database
from tournees.geocoding import UNREACHABLE, Address, Geocoder, GeocodeResult, Provider
from tournees.model import Depot, Record, Residence, Venue
from tournees.settings import Settings

STORE_FROM = 0.5  # a lower score is not written: the planner places the address by hand
REVIEW_BELOW = 0.6  # written, but listed for a check
LOCATED: tuple[type[Record], ...] = (Residence, Depot, Venue)


@dataclass(frozen=True)
class Pending:
    table: str
    id: str
    text: str


@dataclass
class GeocodeReport:
    total: int = 0
    stored: int = 0
    review: list[dict[str, object]] = field(default_factory=list)
    offline: bool = False


def _text(record: Record) -> str:
    if isinstance(record, Residence):
        return f"{record.address} {record.postcode} {record.commune}"
    return str(record.address)  # type: ignore[attr-defined]


def _key(record: Record) -> str:
    return str(getattr(record, type(record).key_columns()[0]))


def missing_coordinates(db: Database) -> list[Pending]:
    """Residences, depots and venues without coordinates, in table then id order."""
    return [
        Pending(cls.table, _key(r), _text(r))
        for cls in LOCATED
        for r in db.load(cls)
        if getattr(r, "lat", None) is None or getattr(r, "lon", None) is None
    ]


def geocoder_for(settings: Settings) -> Geocoder:
    """BAN then Nominatim at the configured addresses, answers kept in the cache folder."""

    def parts(url: str) -> dict[str, str]:
        split = urlsplit(url)
        return {"domain": split.netloc + split.path.rstrip("/"), "scheme": split.scheme or "https"}

    providers = [Provider.ban(**parts(settings.geocoder_ban_url))]  # type: ignore[arg-type]
    if settings.geocoder_nominatim_url:
        providers.append(Provider.nominatim(**parts(settings.geocoder_nominatim_url)))  # type: ignore[arg-type]
    return Geocoder(Path(settings.cache_dir) / "geocode.sqlite", providers=providers)


def geocode_missing(
    db: Database, geocoder: Geocoder, *, progress: Callable[[int, int], None] | None = None
) -> GeocodeReport:
    """Geocode every address without coordinates; store the good answers; return what needs review."""
    pending = missing_coordinates(db)
    results = geocoder.geocode([Address(f"{p.table}:{p.id}", p.text) for p in pending], progress=progress)
    report = GeocodeReport(total=len(pending))
    classes = {cls.table: cls for cls in LOCATED}
    with db.session() as session:
        for p, r in zip(pending, results, strict=True):
            if r.found and r.score >= STORE_FROM:
                record = session.get(classes[p.table], p.id)
                record.lat, record.lon = round(float(r.lat), 6), round(float(r.lon), 6)  # type: ignore[union-attr, arg-type]
                report.stored += 1
            if r.provider == UNREACHABLE:
                report.offline = True
            if not r.found or r.score < REVIEW_BELOW:
                report.review.append(_review_row(p, r))
    return report


def _review_row(p: Pending, r: GeocodeResult) -> dict[str, object]:
    reason = "offline" if r.provider == UNREACHABLE else "not_found" if not r.found else "uncertain"
    return {
        "table": p.table,
        "id": p.id,
        "address": p.text,
        "reason": reason,
        "score": round(r.score, 2),
        "found": r.label,
        "service": r.provider,
        "lat": r.lat,
        "lon": r.lon,
        "stored": r.found and r.score >= STORE_FROM,
    }
