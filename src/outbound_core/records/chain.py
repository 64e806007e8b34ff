"""Chains: the records of one customer, in chain order [chained records, seed 002].

The records of one customer share a chain id and form a chain. `Chain` keeps them in chain
order (the order the server sent them in) and adds records on a new number.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from outbound_core.codes import PhoneType
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, shorten
from outbound_core.records.keys import RECORD_KEYS
from outbound_core.records.record import Record, _record_error

__all__ = ["Chain"]

# Inherited by a record added on a new number: the calling list and campaign of the chain.
_INHERITED: Final = (
    "calling_list",
    "calling_list_dbid",
    "campaign_name",
    "campaign_group_name",
    "campaign_group_dbid",
    "campaign_group_description",
    "application_id",
    "switch_dbid",
    "contact_media_type",
    "tz_name",
    "tz_offset",
    "daily_from",
    "daily_until",
)


def _records_tuple(records: Iterable[Record]) -> tuple[Record, ...]:
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise InvalidValue(
            f"a chain's records are a sequence, not {type(records).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(records),
        )
    return tuple(records)


def _check_records(chain: Chain, attribute: object, records: tuple[Record, ...]) -> None:
    if not records:
        raise InvalidValue("a chain has at least one record", code=ErrorCode.INVALID_VALUE)
    for record in records:
        if not isinstance(record, Record):
            raise InvalidValue(
                f"a chain holds records, not {type(record).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(record),
            )
    chain_id = records[0].chain_id
    handles: set[int] = set()
    for record in records:
        if record.chain_id != chain_id:
            raise InvalidValue(
                f"record {record.record_handle} belongs to chain {record.chain_id}, not {chain_id}",
                chain_id=chain_id,
                record_handle=record.record_handle,
            )
        if record.record_handle in handles:
            raise InvalidValue(
                f"record handle {record.record_handle} appears twice in chain {chain_id}",
                chain_id=chain_id,
                record_handle=record.record_handle,
            )
        handles.add(record.record_handle)


@attrs.define(frozen=True, slots=True)
class Chain:
    """The records of one customer [chained records], in chain order.

    Invariants: at least one record, one chain id, unique record handles. Chain order is the
    order the server sent the records in (the Service Client sends no `chain_n`); adding a
    record appends it. `selected_handle` names the record the system selected; when it is None
    the selected record is the first one not sent as a `ChainedRecord`.
    """

    records: tuple[Record, ...] = attrs.field(converter=_records_tuple, validator=_check_records)
    selected_handle: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.selected_handle is not None:
            self.record(self.selected_handle)

    @property
    def chain_id(self) -> int:
        """The chain id [`GSW_CHAIN_ID`] all records share."""
        return self.records[0].chain_id

    @property
    def handles(self) -> tuple[int, ...]:
        """The record handles, in chain order."""
        return tuple(record.record_handle for record in self.records)

    @property
    def selected(self) -> Record:
        """The record the system selected (the one the interaction is about)."""
        if self.selected_handle is not None:
            return self.record(self.selected_handle)
        for record in self.records:
            if not record.is_chained_record:
                return record
        return self.records[0]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def record(self, handle: int) -> Record:
        """The record with this handle [`recordHandle`].

        Raises:
            NotFound: no record of this chain has the handle.
        """
        for record in self.records:
            if record.record_handle == handle and type(handle) is int:
                return record
        raise NotFound(
            f"no record with handle {shorten(handle)} in chain {self.chain_id} "
            f"(its handles: {', '.join(map(str, self.handles))})",
            record_handle=handle,
            chain_id=self.chain_id,
        )

    def add_on_new_number(
        self,
        phone: str,
        *,
        phone_type: PhoneType = PhoneType.NONE,
        record_handle: int | None = None,
        **given: Any,
    ) -> Chain:
        """This chain with a record on a new number appended [reschedule on new number].

        The new record joins the chain with a new handle (`record_handle`, or one more than the
        highest handle of the chain), no attempts and no call result yet, and inherits the
        selected record's calling list, campaign, time zone and calling window unless `given`
        overrides them (any `Record` attribute, e.g. `tz_name=`, `daily_from=`, `custom=`).

        Raises:
            InvalidValue: the number or handle is already in the chain, or a bad value.
        """
        if not isinstance(phone, str) or not phone.strip():
            raise _record_error("a new number is a non-blank string", "phone", phone)
        for record in self.records:
            if record.phone == phone:
                raise InvalidValue(
                    f"{phone} is already in chain {self.chain_id} (record {record.record_handle}); "
                    "dial that record instead",
                    chain_id=self.chain_id,
                    record_handle=record.record_handle,
                    value=phone,
                )
        if record_handle is None:
            taken = set(self.handles)
            record_handle = max(taken) + 1
            if record_handle > 2**31 - 1:
                record_handle = min(set(range(len(taken) + 1)) - taken)
        elif record_handle in self.handles:
            raise InvalidValue(
                f"record handle {record_handle} is already in chain {self.chain_id}",
                chain_id=self.chain_id,
                record_handle=record_handle,
            )
        unknown = set(given) - set(RECORD_KEYS) - {"custom", "extra"}
        if unknown or {"chain_id", "phone"} & set(given):
            raise InvalidValue(f"cannot set {sorted(unknown or given)} on a new record")
        template = self.selected
        values: dict[str, Any] = {name: getattr(template, name) for name in _INHERITED}
        values.update(attempts=0, **given)
        record = Record(
            record_handle=record_handle,
            chain_id=self.chain_id,
            phone=phone,
            phone_type=phone_type,
            **values,
        )
        return Chain((*self.records, record), self.selected_handle)

    def to_dict(self) -> dict[str, Any]:
        """The chain as plain data."""
        return {
            "records": [record.to_dict() for record in self.records],
            "selected_handle": self.selected_handle,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Chain:
        """The chain `to_dict` wrote.

        Raises:
            InvalidValue: a record or invariant that does not hold.
        """
        records = data.get("records") if isinstance(data, Mapping) else None
        if not isinstance(records, list):
            raise InvalidValue("a chain is {'records': [...]}", code=ErrorCode.WRONG_TYPE)
        selected = data.get("selected_handle")
        if selected is not None and type(selected) is not int:
            raise InvalidValue("selected_handle is an int", code=ErrorCode.WRONG_TYPE)
        return cls(tuple(Record.from_dict(item) for item in records), selected)
