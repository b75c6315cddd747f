"""Stage results as JSON text: how per-report results cross from workers to the one writer, and land in Parquet.

Why JSON and not pickle: the Parquet parts a cluster run leaves behind stay readable
by DuckDB (``json_extract``) and by any other tool, and loading them cannot run code.
Why tagged: ``Reading.events`` is an untyped tuple, so the classes cannot be inferred
from annotations; each dataclass names itself instead (only classes inside
``echolocate`` are ever imported back).

Every sequence in our frozen dataclasses is a tuple, so JSON lists come back as tuples;
dates are tagged. ``decode(encode(x)) == x`` for every noun the engines ship.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from datetime import date, datetime
from functools import cache
from typing import Any

from echolocate.errors import EcholocateError

_TYPE, _DATE, _DATETIME = "__t", "__d", "__dt"


class CodecError(EcholocateError):
    """A stored result names a class outside echolocate, or one that no longer exists."""


def encode(value: Any) -> str:
    """One dataclass (or list of them) as compact JSON text."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Any:
    return _rebuild(json.loads(text))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        out = {_TYPE: f"{cls.__module__}:{cls.__qualname__}"}
        for f in dataclasses.fields(value):
            if f.init:
                out[f.name] = _plain(getattr(value, f.name))
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, dict):
        if any(not isinstance(key, str) for key in value):
            raise CodecError(f"cannot encode a dict with non-string keys: {list(value)[:3]}")
        return {key: _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise CodecError(f"cannot encode a {type(value).__name__} value", hint="engines ship dataclasses of plain values")


def _rebuild(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_rebuild(item) for item in value)
    if isinstance(value, dict):
        if _TYPE in value:
            cls = _class(value[_TYPE])
            return cls(**{key: _rebuild(item) for key, item in value.items() if key != _TYPE})
        if _DATE in value and len(value) == 1:
            return date.fromisoformat(value[_DATE])
        if _DATETIME in value and len(value) == 1:
            return datetime.fromisoformat(value[_DATETIME])
        return {key: _rebuild(item) for key, item in value.items()}
    return value


@cache
def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not (module == "echolocate" or module.startswith("echolocate.")):
        raise CodecError(f"a stored result names the class {name!r}, outside echolocate",
                         hint="only load Parquet parts written by echolocate")
    try:
        obj: Any = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise CodecError(f"a stored result names {name!r}, which this echolocate does not have",
                         hint="the parts were written by another version: rerun the stage") from exc
    if not dataclasses.is_dataclass(obj):
        raise CodecError(f"{name!r} is not a dataclass")
    return obj
