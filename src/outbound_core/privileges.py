"""Agent privileges for outbound work, and which of them are in force.

A privilege is granted by configuration; it is *active* only when every privilege it depends
on is granted and active too (seed 000: every outbound privilege needs `can-use`;
`can-reschedule-before-call` needs `can-reschedule`). A granted but inactive privilege allows
nothing, and `Privileges.require` says which link of the chain is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from outbound_core.codes.names import NameTable
from outbound_core.errors import ErrorCode, InvalidValue, PrivilegeMissing, shorten

__all__ = ["Privilege", "Privileges"]

_PREFIX = "privilege.outbound."


class Privilege(StrEnum):
    """An outbound privilege; the value is its configuration key."""

    CAN_USE = "privilege.outbound.can-use"
    CAN_CANCEL_RECORD = "privilege.outbound.can-cancel-record"
    CAN_DIAL_ALTERNATIVE_CHAINED_RECORD = "privilege.outbound.can-dial-alternative-chained-record"
    CAN_GET_NEXT_PREVIEW_RECORD = "privilege.outbound.can-get-next-preview-record"
    CAN_MARK_DO_NOT_CALL = "privilege.outbound.can-mark-do-not-call"
    CAN_REJECT_RECORD = "privilege.outbound.can-reject-record"
    CAN_RESCHEDULE = "privilege.outbound.can-reschedule"
    CAN_RESCHEDULE_BEFORE_CALL = "privilege.outbound.can-reschedule-before-call"
    CAN_RESCHEDULE_ON_NEW_NUMBER = "privilege.outbound.can-reschedule-on-new-number"
    CAN_SET_CALL_RESULT = "privilege.outbound.can-set-call-result"
    PUSH_PREVIEW_CAN_USE = "privilege.outbound.push-preview.can-use"
    CAN_DIAL_ON_NEW_NUMBER = "privilege.outbound.can-dial-on-new-number"
    PUSH_PREVIEW_CAN_DECLINE = "privilege.outbound.push-preview.can-decline"

    @property
    def short_name(self) -> str:
        """The key without its `privilege.outbound.` prefix, e.g. `can-reschedule`."""
        return self.value.removeprefix(_PREFIX)

    @property
    def in_seeds(self) -> bool:
        """True for the eleven privileges seed 000 names; False for the Workspace Desktop
        ones that only the reference names (their keys are inferred from their titles)."""
        return self not in _DESKTOP_ONLY

    @property
    def requires(self) -> frozenset[Privilege]:
        """The privileges this one needs directly to be active."""
        return _REQUIRES[self]

    @property
    def description(self) -> str:
        """What the privilege lets an agent do, in the words of the sources."""
        return _DESCRIPTIONS[self]

    @classmethod
    def parse(cls, value: object) -> Privilege:
        """The privilege `value` names: its key (`privilege.outbound.can-use`) or short name.

        Keys are matched exactly, as configuration writes them.

        Raises:
            InvalidValue: `unknown-privilege` listing close matches, or `wrong-type`.
        """
        if isinstance(value, Privilege):
            return value
        if not isinstance(value, str):
            return _PRIVILEGE_TYPES.parse(value, (cls,))
        found = _BY_KEY.get(value)
        if found is None:
            _PRIVILEGE_TYPES._unknown(value)
        return found


_DESKTOP_ONLY = frozenset({Privilege.CAN_DIAL_ON_NEW_NUMBER, Privilege.PUSH_PREVIEW_CAN_DECLINE})

# Beyond can-use, which everything needs: seed 000 for reschedule-before-call; the reference
# (Workspace Desktop privileges) for dial-on-new-number; push-preview.can-decline inferred.
_EXTRA_REQUIREMENTS: dict[Privilege, frozenset[Privilege]] = {
    Privilege.CAN_RESCHEDULE_BEFORE_CALL: frozenset({Privilege.CAN_RESCHEDULE}),
    Privilege.CAN_DIAL_ON_NEW_NUMBER: frozenset({Privilege.CAN_DIAL_ALTERNATIVE_CHAINED_RECORD}),
    Privilege.PUSH_PREVIEW_CAN_DECLINE: frozenset({Privilege.PUSH_PREVIEW_CAN_USE}),
}

_REQUIRES: MappingProxyType[Privilege, frozenset[Privilege]] = MappingProxyType(
    {
        p: frozenset()
        if p is Privilege.CAN_USE
        else frozenset({Privilege.CAN_USE}) | _EXTRA_REQUIREMENTS.get(p, frozenset())
        for p in Privilege
    }
)

_DESCRIPTIONS: MappingProxyType[Privilege, str] = MappingProxyType(
    {
        Privilege.CAN_USE: "Access to the Outbound Campaign functions; every other outbound privilege depends on it.",
        Privilege.CAN_CANCEL_RECORD: "Decline a preview record so that it is not processed during the current campaign.",
        Privilege.CAN_DIAL_ALTERNATIVE_CHAINED_RECORD: "Dial a number from the preview record chain other than the one the system selected.",
        Privilege.CAN_GET_NEXT_PREVIEW_RECORD: "Request a new preview record while terminating the processing of the previous one.",
        Privilege.CAN_MARK_DO_NOT_CALL: "Mark a contact as Do Not Call.",
        Privilege.CAN_REJECT_RECORD: "Decline a preview record and send it back to the queue for another agent.",
        Privilege.CAN_RESCHEDULE: "Reschedule the record of an active call for a callback at another date or time.",
        Privilege.CAN_RESCHEDULE_BEFORE_CALL: "Reschedule an Outbound Preview record before the call; active only with can-reschedule.",
        Privilege.CAN_RESCHEDULE_ON_NEW_NUMBER: "Reschedule using a new number, which adds a new record to the chain.",
        Privilege.CAN_SET_CALL_RESULT: "Set a call result for the outbound record.",
        Privilege.PUSH_PREVIEW_CAN_USE: "Take part in an Outbound push-preview campaign.",
        Privilege.CAN_DIAL_ON_NEW_NUMBER: "(Workspace Desktop) Dial a new number, which adds a record to the chain; needs can-dial-alternative-chained-record.",
        Privilege.PUSH_PREVIEW_CAN_DECLINE: "(Workspace Desktop) Decline push-preview interactions; needs push-preview.can-use.",
    }
)

_BY_KEY: dict[str, Privilege] = {p.value: p for p in Privilege} | {
    p.short_name: p for p in Privilege
}

_PRIVILEGE_TYPES: NameTable[Privilege] = NameTable(
    "privilege", ErrorCode.UNKNOWN_PRIVILEGE, {p: (p.value,) for p in Privilege}
)


def _topological() -> tuple[Privilege, ...]:
    order: list[Privilege] = []
    pending = list(Privilege)
    while pending:
        ready = [p for p in pending if p.requires <= set(order)]
        if not ready:
            raise AssertionError(f"privilege dependencies form a cycle among {pending}")
        order.extend(ready)
        pending = [p for p in pending if p not in ready]
    return tuple(order)


_DEPENDENCY_ORDER = _topological()


def _active(granted: frozenset[Privilege]) -> frozenset[Privilege]:
    active: set[Privilege] = set()
    for p in _DEPENDENCY_ORDER:
        if p in granted and p.requires <= active:
            active.add(p)
    return frozenset(active)


def _to_privileges(names: Iterable[object]) -> frozenset[Privilege]:
    if isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
        raise InvalidValue(
            "privileges are given as a collection of keys, not "
            f"{type(names).__name__} (wrap a single key in a list)",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(names, 200),
        )
    return frozenset(Privilege.parse(n) for n in names)


@attrs.define(frozen=True, slots=True)
class Privileges:
    """The outbound privileges granted to an agent, and which of them are active."""

    granted: frozenset[Privilege] = attrs.field(converter=_to_privileges, default=frozenset())
    active: frozenset[Privilege] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "active", _active(self.granted))

    @classmethod
    def from_names(cls, names: Iterable[str | Privilege]) -> Privileges:
        """The privileges named by configuration keys (or short names such as `can-reschedule`).

        Raises:
            InvalidValue: `unknown-privilege` for a name that is not a privilege (with close
                matches), `wrong-type` for a non-string or a bare string instead of a list.
        """
        return cls(_to_privileges(names))

    @classmethod
    def everything(cls) -> Privileges:
        """Every outbound privilege, all active."""
        return cls(frozenset(Privilege))

    @property
    def inactive(self) -> frozenset[Privilege]:
        """Privileges granted but not in force because a dependency is missing."""
        return self.granted - self.active

    def allows(self, privilege: Privilege | str) -> bool:
        """Whether `privilege` is granted and active."""
        return Privilege.parse(privilege) in self.active

    def require(self, privilege: Privilege | str) -> None:
        """Raise `PrivilegeMissing` unless `privilege` is granted and active.

        The error's details name the privilege, whether it was granted, and every link of
        the dependency chain that is missing (`missing`) or granted but inactive (`inactive`).
        """
        wanted = Privilege.parse(privilege)
        if wanted in self.active:
            return
        missing, inactive = self._broken_links(wanted)
        if wanted not in self.granted:
            raise PrivilegeMissing(
                f"{wanted.short_name} is not granted",
                code=ErrorCode.PRIVILEGE_MISSING,
                privilege=wanted.value,
                granted=False,
                missing=[p.value for p in missing],
                inactive=[p.value for p in inactive],
            )
        raise PrivilegeMissing(
            f"{wanted.short_name} is granted but inactive: {self._explain(wanted)}",
            code=ErrorCode.PRIVILEGE_INACTIVE,
            privilege=wanted.value,
            granted=True,
            missing=[p.value for p in missing],
            inactive=[p.value for p in inactive],
        )

    def with_granted(self, *privileges: Privilege | str) -> Privileges:
        """A copy with `privileges` granted as well."""
        return Privileges(self.granted | _to_privileges(privileges))

    def without(self, *privileges: Privilege | str) -> Privileges:
        """A copy with `privileges` no longer granted."""
        return Privileges(self.granted - _to_privileges(privileges))

    def names(self) -> list[str]:
        """The granted keys, sorted: what `from_names` reads back."""
        return sorted(p.value for p in self.granted)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: `{"granted": [keys...]}`."""
        return {"granted": self.names()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Privileges:
        """The privileges `to_dict` wrote."""
        if not isinstance(data, dict) or "granted" not in data:
            raise InvalidValue(
                'privileges are read from {"granted": [keys...]}',
                code=ErrorCode.WRONG_TYPE,
                value=shorten(data, 200),
            )
        return cls.from_names(data["granted"])

    def _broken_links(self, wanted: Privilege) -> tuple[list[Privilege], list[Privilege]]:
        missing: list[Privilege] = []
        inactive: list[Privilege] = []
        seen: set[Privilege] = set()
        todo = sorted(wanted.requires, key=_DEPENDENCY_ORDER.index)
        while todo:
            p = todo.pop(0)
            if p in seen or p in self.active:
                continue
            seen.add(p)
            (inactive if p in self.granted else missing).append(p)
            todo.extend(sorted(p.requires, key=_DEPENDENCY_ORDER.index))
        return missing, inactive

    def _explain(self, wanted: Privilege) -> str:
        parts = []
        for dep in sorted(wanted.requires - self.active, key=_DEPENDENCY_ORDER.index):
            if dep not in self.granted:
                parts.append(f"it needs {dep.short_name}, which is not granted")
            else:
                parts.append(
                    f"it needs {dep.short_name}, which is granted but inactive "
                    f"({self._explain(dep)})"
                )
        return "; ".join(parts)
