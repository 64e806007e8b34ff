"""The campaigns a server runs: each with its dialing mode, state, agents and field list.

Campaigns are numbered in the order they were added; the record store keeps each campaign's
queue under that number. Each campaign has the field list of its records and the legal calling
hours its records are called in (a reschedule must fall within them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from outbound_core.campaign import Campaign, assigned_campaigns
from outbound_core.codes import DialingMode
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, shorten
from outbound_core.records import FieldSet
from outbound_core.timing import CallingHours

__all__ = ["CampaignRegistry"]


class CampaignRegistry:
    """Every campaign of one server, by name and by number."""

    __slots__ = ("_by_name", "_fields", "_hours", "_index", "_names")

    def __init__(self) -> None:
        self._by_name: dict[str, Campaign] = {}
        self._index: dict[str, int] = {}
        self._names: list[str] = []
        self._fields: dict[str, FieldSet | None] = {}
        self._hours: dict[str, tuple[CallingHours, ...]] = {}

    def add(
        self,
        name: str,
        mode: DialingMode | str,
        fields: FieldSet | None,
        calling_hours: Iterable[CallingHours] = (),
    ) -> Campaign:
        """Create a campaign (unloaded) with the field list of its records and the legal
        calling hours they are called in.

        Raises:
            InvalidValue: a campaign of this name exists, or a bad name, mode, field list or
                calling hours.
        """
        if name in self:
            raise InvalidValue(f"campaign {name} exists already", value=name)
        campaign = Campaign(name, mode)
        if fields is not None and not isinstance(fields, FieldSet):
            raise InvalidValue(
                f"a campaign's field list is a FieldSet, not {shorten(fields)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(fields),
            )
        hours = _calling_hours(calling_hours)
        self._by_name[name] = campaign
        self._index[name] = len(self._names)
        self._names.append(name)
        self._fields[name] = fields
        self._hours[name] = hours
        return campaign

    def get(self, name: str) -> Campaign:
        """The campaign of this name.

        Raises:
            NotFound: no such campaign.
        """
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise NotFound(f"no campaign {shorten(name)}", campaign=shorten(name)) from None

    def index(self, name: str) -> int:
        """The campaign's number (its queue's number in the record store).

        Raises:
            NotFound: no such campaign.
        """
        self.get(name)
        return self._index[name]

    def name_of(self, index: int) -> str:
        """The name of campaign number `index`."""
        return self._names[index]

    def fields(self, name: str) -> FieldSet | None:
        """The campaign's field list.

        Raises:
            NotFound: no such campaign.
        """
        self.get(name)
        return self._fields[name]

    def calling_hours(self, name: str) -> tuple[CallingHours, ...]:
        """The legal calling hours of the campaign's records.

        Raises:
            NotFound: no such campaign.
        """
        self.get(name)
        return self._hours[name]

    def items(self) -> Iterator[tuple[str, Campaign]]:
        """(name, campaign) of every campaign, in the order they were added."""
        return iter(self._by_name.items())

    def values(self) -> Iterator[Campaign]:
        """Every campaign, in the order they were added."""
        return iter(self._by_name.values())

    def __contains__(self, name: object) -> bool:
        try:
            return name in self._by_name
        except TypeError:
            return False

    def assigned_to(self, agent_id: str) -> list[Campaign]:
        """The loaded and running campaigns the agent is assigned to, by name [getCampaigns]."""
        return assigned_campaigns(self._by_name.values(), agent_id)

    def to_dict(self) -> list[dict[str, Any]]:
        """Every campaign, in the order they were added, as plain data."""
        return [
            {
                **campaign.to_dict(),
                "fields": None if self._fields[name] is None else self._fields[name].to_dict(),  # type: ignore[union-attr]
                "calling_hours": [rule.to_dict() for rule in self._hours[name]],
            }
            for name, campaign in self._by_name.items()
        ]

    def restore(self, data: list[Mapping[str, Any]]) -> None:
        """Take the campaigns `to_dict` wrote (into an empty registry)."""
        for item in data:
            fields = item["fields"]
            campaign = self.add(
                item["name"],
                item["mode"],
                None if fields is None else FieldSet.from_dict(fields),
                [CallingHours.from_dict(rule) for rule in item["calling_hours"]],
            )
            campaign.state = item["state"]
            campaign.agents = set(item["agents"])


def _calling_hours(rules: Iterable[CallingHours]) -> tuple[CallingHours, ...]:
    if isinstance(rules, str | bytes | Mapping) or not isinstance(rules, Iterable):
        raise InvalidValue(
            f"calling hours are a sequence of CallingHours, not {shorten(rules)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(rules),
        )
    found = tuple(rules)
    for rule in found:
        if not isinstance(rule, CallingHours):
            raise InvalidValue(
                f"calling hours are CallingHours values, not {shorten(rule)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(rule),
            )
    return found
