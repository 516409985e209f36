"""A value computed once per object, for objects that are never changed after they are made (a loaded
lexicon, a fitted vectorizer) and are asked for the same derived value thousands of times."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def per_object(cache: dict[int, tuple[Any, Any]], obj: Any, compute: Callable[[], T], bound: int = 64) -> T:
    """`compute()` for `obj`, kept in `cache` under its id; the object is kept beside the value, so a new object
    that reuses a freed id is never given another's value. The cache is emptied when it holds `bound`."""
    hit = cache.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    value = compute()
    if len(cache) >= bound:
        cache.clear()
    cache[id(obj)] = (obj, value)
    return value
