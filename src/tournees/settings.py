"""Where things are: the shared data folder, the database, the cache, the language.

Settings come from, in order of precedence: keyword arguments, environment
variables (``TOURNEES_DATA_DIR``, ``TOURNEES_DB``, ``TOURNEES_CACHE_DIR``,
``TOURNEES_LANG``), a ``tournees.toml`` file in the working folder, then defaults.
"""

from __future__ import annotations

import os
import tomllib
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
}


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

    def __post_init__(self) -> None:
        if self.lang not in ("fr", "en"):
            raise ValidationError(f"lang : « {self.lang} » n'est pas une langue permise (fr, en)")

    def road_file(self, *parts: str) -> Path:
        """A file of the shared data folder, with a clear error when it is missing."""
        path = Path(self.data_dir, *parts)
        if not path.exists():
            raise DataFolderError(
                f"fichier de données introuvable : {path}. Indiquez le dossier des données partagées "
                f"(OpenStreetMap, communes) avec TOURNEES_DATA_DIR ou data_dir dans {CONFIG_FILE}."
            )
        return path


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from the config file, the environment and ``overrides``."""
    values: dict[str, Any] = {}
    path = Path(config) if config else Path(CONFIG_FILE)
    if config and not path.is_file():  # a mistyped --config must not silently fall back to defaults
        from tournees.i18n import t

        raise ValidationError(t("sec_no_config", overrides.get("lang"), path=path))
    if path.exists():
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        known = {f.name for f in fields(Settings)} - {"sections", "config_file"}
        values["sections"] = {k: v for k, v in raw.items() if k not in known and isinstance(v, dict)}
        values["config_file"] = str(path)
        raw = {k: v for k, v in raw.items() if k not in values["sections"]}
        unknown = set(raw) - known
        if unknown:
            raise ValidationError(f"{path} : réglage(s) inconnu(s) {sorted(unknown)} ; réglages permis : {sorted(known)}")
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
    if isinstance(values.get("download"), str):
        values["download"] = values["download"].strip().lower() not in ("0", "non", "no", "false", "")
    if "lang" in values:
        values["lang"] = str(values["lang"]).lower()[:2]
    return replace(settings, **values)
