"""Builders of frozen values for the hot paths: one slot store per field, nothing checked.

A frozen attrs class's `__init__` stores each field with `object.__setattr__`, several
times dearer than a plain store; the decision and the plan build one value per record, so
they build them through a function generated once per class (as attrs generates `__init__`)
that stores each slot through its descriptor. It takes the fields in order and checks
nothing: it is for values the library itself has just computed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["slot_builder"]

T = TypeVar("T")


def slot_builder(cls: type[T]) -> Callable[..., T]:
    """A function of the fields of the slotted attrs class `cls`, in order, that returns
    the value `cls(...)` would, without the per-field `object.__setattr__`."""
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    source = (
        f"def build({', '.join(names)}):\n"
        "    self = _new(_cls)\n"
        + "".join(f"    _set_{name}(self, {name})\n" for name in names)
        + "    return self\n"
    )
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    exec(source, namespace)
    build: Callable[..., T] = namespace["build"]
    build.__qualname__ = build.__name__ = f"build_{cls.__name__}"
    return build
