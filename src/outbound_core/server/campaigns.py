"""The campaigns a server runs: each with its dialing mode, state, agents and field list.

Campaigns are numbered in the order they were added; the record store keeps each campaign's
queue under that number.
"""

from __future__ import annotations

from collections.abc import Iterator

from outbound_core.campaign import Campaign, assigned_campaigns
from outbound_core.codes import DialingMode
from outbound_core.errors import InvalidValue, NotFound, shorten
from outbound_core.records import FieldSet

__all__ = ["CampaignRegistry"]


class CampaignRegistry:
    """Every campaign of one server, by name and by number."""

    __slots__ = ("_by_name", "_fields", "_index", "_names")

    def __init__(self) -> None:
        self._by_name: dict[str, Campaign] = {}
        self._index: dict[str, int] = {}
        self._names: list[str] = []
        self._fields: dict[str, FieldSet | None] = {}

    def add(self, name: str, mode: DialingMode | str, fields: FieldSet | None) -> Campaign:
        """Create a campaign (unloaded) with the field list of its records.

        Raises:
            InvalidValue: a campaign of this name exists, or a bad name or mode.
        """
        if name in self._by_name:
            raise InvalidValue(f"campaign {name} exists already", value=name)
        campaign = Campaign(name, mode)
        self._by_name[name] = campaign
        self._index[name] = len(self._names)
        self._names.append(name)
        self._fields[name] = fields
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
