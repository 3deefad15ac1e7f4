"""Where things are: the shared data folder, the database, the cache, the language.

Settings come from, in order of precedence: keyword arguments, environment
variables (``TOURNEES_DATA_DIR``, ``TOURNEES_DB``, ``TOURNEES_CACHE_DIR``,
``TOURNEES_LANG``, ``TOURNEES_ROADS``…), a ``tournees.toml`` file in the working
folder, then defaults.

Road networks: ``roads`` lists the user's OpenStreetMap files (one path or a list;
``TOURNEES_ROADS`` separates them with ``os.pathsep``). Relative paths are read from
the folder of the settings file, then from ``data_dir``. Without ``roads``, every
road file under ``data_dir/roads`` is a candidate; a plan takes the one whose extent
holds all its places (see :mod:`tournees.network.select`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tournees.errors import DataFolderError, ValidationError

CONFIG_FILE = "tournees.toml"
_ENV = {
    "data_dir": "TOURNEES_DATA_DIR",
    "database": "TOURNEES_DB",
    "cache_dir": "TOURNEES_CACHE_DIR",
    "lang": "TOURNEES_LANG",
    "download": "TOURNEES_DOWNLOAD",
    "roads": "TOURNEES_ROADS",
    "roads_download": "TOURNEES_ROADS_DOWNLOAD",
    "roads_margin_km": "TOURNEES_ROADS_MARGIN_KM",
    "geocoder_ban_url": "TOURNEES_GEOCODER_BAN_URL",
    "geocoder_nominatim_url": "TOURNEES_GEOCODER_NOMINATIM_URL",
    "web_https": "TOURNEES_WEB_HTTPS",
    "web_trusted_proxies": "TOURNEES_WEB_TRUSTED_PROXIES",
}
_BOOLS = ("download", "roads_download", "web_https")


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() not in ("0", "non", "no", "false", "")


def _default_data_dir() -> Path:
    # A clone sits beside shared/ (…/main and …/shared); look there, then upwards.
    here = Path.cwd().resolve()
    for base in (here, *here.parents):
        candidate = base / "shared" / "data"
        if candidate.is_dir():
            return candidate
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return here / "shared" / "data"


@dataclass(frozen=True)
class Settings:
    """Typed settings; build with :func:`load_settings`."""

    data_dir: Path = field(default_factory=_default_data_dir)
    database: str = "var/tournees.sqlite"
    cache_dir: Path = Path("var/cache")
    lang: str = "fr"
    download: bool = True  # may fetch OpenStreetMap data when a shared file is missing and the machine is online
    # The services' tables of the settings file ([bricolage], [ecrivain], [epicerie]…), checked by each service's params.
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    config_file: str = CONFIG_FILE
    roads: tuple[Path, ...] = ()  # the user's road files (.osm.pbf, .osm, .osm.bz2, .graphml[.gz]); empty: data_dir/roads
    roads_download: bool = False  # no road file covers the places: download their area from OpenStreetMap once (cached)
    roads_margin_km: float = 5.0  # kept around the places' bounding box when a large extract is clipped
    geocoder_ban_url: str = "https://api-adresse.data.gouv.fr"  # the national address base, asked first
    geocoder_nominatim_url: str = "https://nominatim.openstreetmap.org"  # OpenStreetMap, the fallback ("" : none)
    web_https: bool = False  # the web application is reached over HTTPS (e.g. behind a TLS proxy): Secure cookies
    # Addresses of the reverse proxies whose X-Forwarded-For / -Proto the web application believes; none by default
    web_trusted_proxies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.lang not in ("fr", "en"):
            raise ValidationError(f"lang : « {self.lang} » n'est pas une langue permise (fr, en)")
        if isinstance(self.roads, str | Path):  # one file given as such
            object.__setattr__(self, "roads", (self.roads,))
        object.__setattr__(self, "roads", tuple(Path(p) for p in self.roads))

    def road_file(self, *parts: str) -> Path:
        """A file of the shared data folder, with a clear error when it is missing."""
        path = Path(self.data_dir, *parts)
        if not path.exists():
            from tournees.i18n import t

            raise DataFolderError(t("cli_data_missing", self.lang, path=path, config=CONFIG_FILE))
        return path


def with_roads(settings: Settings, files: Sequence[str | Path] | None) -> Settings:
    """``settings`` with the road files given on the command line (they replace the configured ones)."""
    if not files:
        return settings
    return replace(settings, roads=_road_paths(list(files), Path.cwd(), settings.data_dir))


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from the config file, the environment and ``overrides``."""
    from tournees.i18n import t

    values: dict[str, Any] = {}
    lang = overrides.get("lang")  # the language of these messages, when the command line gave one
    path = Path(config) if config else Path(CONFIG_FILE)
    if config and not path.is_file():  # a mistyped --config must not silently fall back to defaults
        raise ValidationError(t("sec_no_config", lang, path=path))
    # Where the language comes from, to name it when it is not fr or en.
    lang_from = "--lang" if lang else "TOURNEES_LANG" if os.environ.get("TOURNEES_LANG") else str(path)
    if path.is_file():
        raw = _read_toml(path, lang)
        known = {f.name for f in fields(Settings)} - {"sections", "config_file"}
        values["sections"] = {k: v for k, v in raw.items() if k not in known and isinstance(v, dict)}
        values["config_file"] = str(path)
        raw = {k: v for k, v in raw.items() if k not in values["sections"]}
        unknown = set(raw) - known
        if unknown:
            raise ValidationError(
                t("cli_unknown_setting", lang, path=path, names=", ".join(sorted(unknown)), allowed=", ".join(sorted(known)))
            )
        _check_types(path, raw, lang)
        values.update(raw)
    for name, env in _ENV.items():
        if os.environ.get(env):
            values[name] = os.environ[env]
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = Settings()
    if "data_dir" in values:
        values["data_dir"] = Path(values["data_dir"]).expanduser()
    if "cache_dir" in values:
        values["cache_dir"] = Path(values["cache_dir"]).expanduser()
    for name in _BOOLS:
        if name in values:
            values[name] = _flag(values[name])
    if "roads" in values:
        values["roads"] = _road_paths(values["roads"], path.parent if path.exists() else Path.cwd(), values.get("data_dir", settings.data_dir))
    if "roads_margin_km" in values:
        try:
            values["roads_margin_km"] = float(values["roads_margin_km"])
        except (TypeError, ValueError):
            where = "TOURNEES_ROADS_MARGIN_KM" if os.environ.get("TOURNEES_ROADS_MARGIN_KM") else str(path)
            shown = repr(values["roads_margin_km"])
            raise ValidationError(t("cli_setting_number", lang, path=where, key="roads_margin_km", value=shown)) from None
    if "lang" in values:
        text = str(values["lang"]).strip().lower()
        text = text[:2] if lang_from == "TOURNEES_LANG" else text  # the environment may hold a locale (fr_FR.UTF-8)
        if text not in ("fr", "en"):
            raise ValidationError(t("cli_bad_lang", lang, where=lang_from, value=values["lang"]))
        values["lang"] = text
    if "web_trusted_proxies" in values:
        values["web_trusted_proxies"] = _proxies(values["web_trusted_proxies"], overrides.get("lang"))
    return replace(settings, **values)


def _proxies(value: Any, lang: str | None) -> tuple[str, ...]:
    """Trusted proxies: a list in the file, comma-separated in the environment; each an IP address or network."""
    import ipaddress

    from tournees.i18n import t

    if not isinstance(value, str | list | tuple):
        raise ValidationError(t("sec_bad_proxy", lang, value=value))
    found: list[str] = []
    for item in (str(x).strip() for x in (value.split(",") if isinstance(value, str) else value)):
        if not item:
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ValidationError(t("sec_bad_proxy", lang, value=item)) from None
        found.append(item)
    return tuple(found)


def _read_toml(path: Path, lang: str | None) -> dict[str, Any]:
    """The settings file's tables; a syntax error is named by its line and column, in the reader's language."""
    import re

    from tournees.i18n import t

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        detail = t("cli_toml_at", lang, line=at[1], column=at[2]) if at else t("cli_toml_syntax", lang)
    except UnicodeDecodeError:
        detail = t("cli_toml_encoding", lang)
    raise ValidationError(t("cli_bad_config", lang, path=path, detail=detail))


def _check_types(path: Path, raw: dict[str, Any], lang: str | None) -> None:
    """Each setting of the file has the kind its default has (a list for road files, true/false for a switch)."""
    from tournees.i18n import t

    defaults = Settings()
    for key, value in raw.items():
        default = getattr(defaults, key)
        if isinstance(default, bool):
            ok, text = isinstance(value, bool | str), "cli_setting_bool"
        elif isinstance(default, float):
            ok, text = isinstance(value, int | float) and not isinstance(value, bool), "cli_setting_number"
        elif isinstance(default, tuple):
            ok = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
            text = "cli_setting_list"
        else:  # texts and folders
            ok, text = isinstance(value, str), "cli_setting_text"
        if not ok:
            raise ValidationError(t(text, lang, path=path, key=key, value=repr(value)))


def _road_paths(value: Any, base: Path, data_dir: Path | None) -> tuple[Path, ...]:
    """Road files from one path, a list, or ``os.pathsep``-separated text; relative to ``base``, then ``data_dir``."""
    if isinstance(value, str | Path):
        items = [p for p in str(value).split(os.pathsep) if p.strip()] if isinstance(value, str) else [value]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ValidationError(f"roads : un chemin ou une liste de chemins attendu (reçu {value!r})")
    return tuple(resolve_road_path(Path(str(p).strip()).expanduser(), base, data_dir) for p in items)


def resolve_road_path(path: Path, base: Path, data_dir: Path | None) -> Path:
    """``path`` as given when absolute or present under ``base``; else under ``data_dir`` when there."""
    if path.is_absolute():
        return path
    if (base / path).exists() or data_dir is None:
        return (base / path).resolve() if (base / path).exists() else path
    return Path(data_dir) / path if (Path(data_dir) / path).exists() else path
