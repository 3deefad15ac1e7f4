"""Address geocoding through geopy: the French national address base (BAN) first,
Nominatim (OpenStreetMap) as a fallback, behind a persistent cache.

Every answer is kept in a SQLite cache file, so an address is asked once; requests
are spaced (``min_delay_s`` per service: Nominatim's policy is one per second), a
batch reports progress, and every result carries a quality score from 0 to 1. Those
under ``review_below`` go to a review list for a planner to check by hand. Inputs
that already have coordinates are not geocoded. Tests point the services at a local
stub server: nothing here is called live by the test suite.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

USER_AGENT = "tournees (planification des services mobiles aux locataires agés)"
UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Address:
    """An address to place; ``lat``/``lon`` when already known."""

    id: str
    text: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class GeocodeResult:
    id: str
    query: str
    lat: float | None
    lon: float | None
    score: float  # 0 (nothing found) … 1 (exact house number)
    provider: str  # ban, nominatim, given (coordinates in the input), none (no match), unreachable (no service answered)
    label: str

    @property
    def reason(self) -> str:
        """Why a planner should look at it: not found, unsure, or the geocoder could not be reached (offline)."""
        if self.provider == UNREACHABLE:
            return f"géocodeur injoignable (hors ligne ?) : {self.label}" if self.label else "géocodeur injoignable (hors ligne ?)"
        return "introuvable" if not self.found else "correspondance incertaine"

    @property
    def found(self) -> bool:
        return self.lat is not None


@dataclass(frozen=True)
class Provider:
    """One geocoding service reached through geopy."""

    name: str
    geocoder: Any
    min_delay_s: float

    @classmethod
    def ban(cls, *, domain: str = "api-adresse.data.gouv.fr", scheme: str = "https", min_delay_s: float = 0.05) -> Provider:
        from geopy.geocoders import BANFrance

        return cls("ban", BANFrance(domain=domain, scheme=scheme, user_agent=USER_AGENT, timeout=10), min_delay_s)

    @classmethod
    def nominatim(cls, *, domain: str = "nominatim.openstreetmap.org", scheme: str = "https", min_delay_s: float = 1.0) -> Provider:
        from geopy.geocoders import Nominatim

        return cls("nominatim", Nominatim(domain=domain, scheme=scheme, user_agent=USER_AGENT, timeout=10), min_delay_s)

    def score(self, raw: dict[str, Any]) -> float:
        """A quality score in [0, 1] from what the service says of its match."""
        if self.name == "ban":
            return float(raw.get("properties", {}).get("score", 0.0))
        # Nominatim gives an importance, not a match score: cap it, a fallback is never sure.
        kind = raw.get("addresstype") or raw.get("type") or ""
        base = 0.7 if kind in ("house", "building", "house_number") else 0.45
        return round(min(base, 0.3 + float(raw.get("importance", 0.0))), 3)


class GeocodeCache:
    """Answers already obtained, in a SQLite file (one row per query and service)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS geocode (query TEXT, provider TEXT, lat REAL, lon REAL, score REAL, "
                "label TEXT, at TEXT, PRIMARY KEY (query, provider))"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path)

    def get(self, query: str, provider: str) -> tuple[float | None, float | None, float, str] | None:
        with self._connect() as conn:
            row = conn.execute("SELECT lat, lon, score, label FROM geocode WHERE query = ? AND provider = ?", (query, provider)).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3])

    def put(self, query: str, provider: str, lat: float | None, lon: float | None, score: float, label: str) -> None:
        with self._connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO geocode VALUES (?, ?, ?, ?, ?, ?, ?)",
                (query, provider, lat, lon, score, label, dt.datetime.now().isoformat(timespec="seconds")),
            )


def normalise(text: str) -> str:
    """The cache key of an address: case and spacing do not matter."""
    return " ".join(text.lower().split())


class Geocoder:
    """Geocode addresses with cached, rate-limited calls to BAN then Nominatim."""

    def __init__(self, cache_file: str | Path, *, providers: Sequence[Provider] | None = None, accept_from: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.cache = GeocodeCache(cache_file)
        self.providers = list(providers) if providers is not None else [Provider.ban(), Provider.nominatim()]
        self.accept_from = accept_from  # a lower score asks the next service too; the best answer wins
        self._sleep = sleep
        self._last_call: dict[str, float] = {}
        self.calls = 0  # requests really sent (not answered by the cache)
        self.unreachable: set[str] = set()  # services that could not be reached: not asked again in this run

    def _ask(self, provider: Provider, query: str) -> tuple[float | None, float | None, float, str] | None:
        """The service's answer (no match: lat None), or None when the service could not be reached."""
        cached = self.cache.get(query, provider.name)
        if cached is not None:
            return cached
        if provider.name in self.unreachable:
            return None  # known unreachable in this run: not asked again
        wait = provider.min_delay_s - (time.monotonic() - self._last_call.get(provider.name, -1e9))
        if wait > 0:
            self._sleep(wait)
        self._last_call[provider.name] = time.monotonic()
        self.calls += 1
        try:
            location = provider.geocoder.geocode(query, exactly_one=True)
        except Exception as exc:  # geopy raises a family of service errors: keep going, say so
            from geopy.exc import GeocoderTimedOut, GeocoderUnavailable

            if isinstance(exc, GeocoderUnavailable | GeocoderTimedOut | ConnectionError):
                self.unreachable.add(provider.name)  # offline or service down: fail fast on the next addresses
            log.warning("géocodeur %s injoignable (hors ligne ?) : %s", provider.name, type(exc).__name__)
            return None  # not cached: the service may answer next time
        answer: tuple[float | None, float | None, float, str]
        if location is None:
            answer = (None, None, 0.0, "")
        else:
            answer = (location.latitude, location.longitude, provider.score(location.raw), location.address or "")
        self.cache.put(query, provider.name, *answer)
        return answer

    def geocode_one(self, address: Address) -> GeocodeResult:
        if address.lat is not None and address.lon is not None:
            return GeocodeResult(address.id, address.text, address.lat, address.lon, 1.0, "given", "")
        query = normalise(address.text)
        best = GeocodeResult(address.id, address.text, None, None, 0.0, "none", "")
        answered, unreachable = False, []
        for provider in self.providers:
            answer = self._ask(provider, query)
            if answer is None:
                unreachable.append(provider.name)
                continue
            answered = True
            lat, lon, score, label = answer
            if lat is not None and score > best.score:
                best = GeocodeResult(address.id, address.text, lat, lon, score, provider.name, label)
            if best.score >= self.accept_from:
                break
        if not best.found and not answered and unreachable:  # offline is not "no such address"
            return GeocodeResult(address.id, address.text, None, None, 0.0, UNREACHABLE, ", ".join(unreachable))
        return best

    def geocode(self, addresses: Iterable[Address], *, progress: Callable[[int, int], None] | None = None) -> list[GeocodeResult]:
        """Every address, in order; ``progress(done, total)`` after each one."""
        items = list(addresses)
        results = []
        for i, address in enumerate(items, start=1):
            results.append(self.geocode_one(address))
            if progress is not None:
                progress(i, len(items))
        return results


def review_list(results: Sequence[GeocodeResult], *, below: float = 0.6) -> Any:
    """The results a planner should check by hand (not found, or a low score), as a DataFrame."""
    import pandas as pd

    rows = [
        {"id": r.id, "adresse": r.query, "trouve": r.label, "score": r.score, "service": r.provider, "lat": r.lat, "lon": r.lon,
         "raison": r.reason}
        for r in results
        if r.provider != "given" and (not r.found or r.score < below)
    ]
    return pd.DataFrame(rows, columns=["id", "adresse", "trouve", "score", "service", "lat", "lon", "raison"])
