"""Geocoding against a local stub of the BAN and Nominatim services (never the live ones)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tournees.geocoding import Address, Geocoder, Provider, review_list

BAN = {  # recorded-style answers of api-adresse.data.gouv.fr, keyed by query
    "12 rue des acacias 45000 orléans": (47.9101, 1.9302, 0.93, "12 Rue des Acacias 45000 Orléans"),
    "rue imaginaire 45000 orléans": (47.9025, 1.9090, 0.31, "45000 Orléans"),
}
NOMINATIM = {
    "rue imaginaire 45000 orléans": [{"lat": "47.9031", "lon": "1.9050", "display_name": "Orléans, Loiret", "importance": 0.4, "addresstype": "city"}],
}


class Stub(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlparse(self.path)
        query = parse_qs(url.query)["q"][0]
        Stub.hits.append(f"{url.path}:{query}")
        if url.path.startswith("/ban/search"):
            found = BAN.get(query)
            features = [] if found is None else [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [found[1], found[0]]},
                                                   "properties": {"label": found[3], "score": found[2]}}]
            body = {"type": "FeatureCollection", "features": features}
        else:
            body = NOMINATIM.get(query, [])
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Stub.hits = []
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _geocoder(stub: str, cache: Path, waits: list[float] | None = None) -> Geocoder:
    providers = [Provider.ban(domain=f"{stub}/ban", scheme="http", min_delay_s=0.0),
                 Provider.nominatim(domain=f"{stub}/nominatim", scheme="http", min_delay_s=1.0)]
    return Geocoder(cache, providers=providers, sleep=(waits.append if waits is not None else lambda s: None))


def test_ban_first_cache_and_review(stub: str, tmp_path: Path) -> None:
    waits: list[float] = []
    geo = _geocoder(stub, tmp_path / "geo.sqlite", waits)
    seen: list[tuple[int, int]] = []
    results = geo.geocode(
        [Address("R1", "12 rue des Acacias  45000 Orléans"), Address("R2", "Rue imaginaire 45000 Orléans"),
         Address("R3", "Nulle part"), Address("R4", "Mairie", lat=47.9, lon=1.9)],
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (4, 4)
    r1, r2, r3, r4 = results
    assert (r1.provider, r1.lat, r1.score) == ("ban", 47.9101, 0.93)
    assert r2.provider == "nominatim" and r2.score == 0.45  # BAN was unsure (0.31): the fallback answered better
    assert not r3.found and r3.provider == "none"
    assert r4.provider == "given" and all("Mairie" not in h for h in Stub.hits)  # coordinates given: no request
    review = review_list(results)
    assert list(review["id"]) == ["R2", "R3"] and list(review["raison"]) == ["correspondance incertaine", "introuvable"]
    assert geo.calls == 5
    assert waits and max(waits) <= 1.0  # Nominatim calls were spaced
    # a second run, even from a new process, asks nothing: the cache answers
    again = _geocoder(stub, tmp_path / "geo.sqlite")
    hits = len(Stub.hits)
    assert [r.lat for r in again.geocode([Address("R1", "12 RUE DES ACACIAS 45000 ORLÉANS")])] == [47.9101]
    assert len(Stub.hits) == hits and again.calls == 0


def test_service_down_is_not_cached(tmp_path: Path) -> None:
    geo = Geocoder(tmp_path / "geo.sqlite", providers=[Provider.ban(domain="127.0.0.1:9", scheme="http", min_delay_s=0)])
    [result] = geo.geocode([Address("R1", "1 place de l'Étape Orléans")])
    assert not result.found
    assert geo.cache.get("1 place de l'étape orléans", "ban") is None


def test_offline_geocoder_says_unreachable_not_unknown(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import socket

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port nobody listens on: connections are refused, as offline
    port = closed.getsockname()[1]
    closed.close()
    providers = [Provider.ban(domain=f"127.0.0.1:{port}", scheme="http", min_delay_s=0),
                 Provider.nominatim(domain=f"127.0.0.1:{port}", scheme="http", min_delay_s=0)]
    geo = Geocoder(tmp_path / "geo.sqlite", providers=providers, sleep=lambda s: None)
    [result] = geo.geocode([Address("R1", "12 rue des Acacias 45000 Orléans")])
    assert result.provider == "unreachable" and not result.found
    review = review_list([result])
    assert list(review["raison"]) == ["géocodeur injoignable (hors ligne ?) : ban, nominatim"]
    assert "introuvable" not in " ".join(review["raison"])
    assert "injoignable" in caplog.text and "Acacias" not in caplog.text


def test_one_service_down_and_no_match_elsewhere_is_not_found(stub: str, tmp_path: Path) -> None:
    providers = [Provider.ban(domain="127.0.0.1:9", scheme="http", min_delay_s=0),
                 Provider.nominatim(domain=f"{stub}/nominatim", scheme="http", min_delay_s=0)]
    [result] = Geocoder(tmp_path / "geo.sqlite", providers=providers, sleep=lambda s: None).geocode([Address("R3", "Nulle part")])
    assert result.provider == "none" and result.reason == "introuvable"
