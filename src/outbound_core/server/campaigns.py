"""The campaigns a server runs: each with its dialing mode, state, agents and field list.

Campaigns are numbered in the order they were added; the record store keeps each campaign's
queue under that number. Each campaign has the field list of its records, the legal calling
hours its records are called in (a reschedule must fall within them), and its
`CampaignRules`: the calling list's treatments and Maximum Attempts, the pacing of a
system-dialed campaign, and the abandon-rate rules its dialer keeps to. A campaign added, or
changed by the server (`changed`), is reported to `journal` (its item of the part `campaigns`;
`item` reads it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from outbound_core.campaign import Campaign, assigned_campaigns
from outbound_core.codes import DialingMode
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, shorten
from outbound_core.journal import NULL_JOURNAL, ChangeJournal
from outbound_core.pacing import (
    TSR,
    AbandonRules,
    PacingSettings,
    PredictiveSettings,
    ProgressiveSettings,
    abandon_rules,
    settings_from_dict,
    settings_to_dict,
)
from outbound_core.records import FieldSet
from outbound_core.timing import CallingHours, calling_hours_rules
from outbound_core.treatments import TreatmentTable
from outbound_core.treatments.rules import MAX_ATTEMPTS_LIMIT

__all__ = ["CampaignRegistry", "CampaignRules"]


def _table(value: object) -> TreatmentTable | None:
    if value is not None and type(value) is not TreatmentTable:
        raise InvalidValue(
            f"treatments are a TreatmentTable or None, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    return value


def _max_attempts(value: object) -> int | None:
    if value is not None and (type(value) is not int or not 1 <= value <= MAX_ATTEMPTS_LIMIT):
        raise InvalidValue(
            f"max_attempts is a whole number from 1, or None for no limit; not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE if type(value) is not int else ErrorCode.INVALID_VALUE,
            value=shorten(value),
        )
    return value


def _pacing(value: object) -> PacingSettings | None:
    if value is not None and not isinstance(value, ProgressiveSettings | PredictiveSettings):
        raise InvalidValue(
            f"pacing is ProgressiveSettings, PredictiveSettings or None, not "
            f"{type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    return value


def _abandon(value: object) -> AbandonRules:
    return abandon_rules(value) if isinstance(value, str) else _abandon_value(value)


def _abandon_value(value: object) -> AbandonRules:
    if type(value) is not AbandonRules:
        raise InvalidValue(
            f"abandon rules are AbandonRules or a preset name (tsr, ofcom), not "
            f"{type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    return value


@attrs.define(frozen=True, slots=True)
class CampaignRules:
    """What a campaign's calling list does after a call result, and how its dialer paces.

    Attributes:
        treatments: the calling list's treatment table (reference §4.2); None: no
            treatments, every final result finalizes its chain (status Updated).
        max_attempts: the calling list's Maximum Attempts per record, or None for no limit.
        pacing: the controller that says how many calls a Progressive or Predictive campaign
            places, whatever its mode (a Predictive campaign may be paced progressively, to
            compare the two on one list); None: the defaults of the campaign's current mode
            (`pacing_for`).
        abandon: the abandon-rate rules the dialer keeps to (a preset name or `AbandonRules`;
            TSR by default): how long an answered call waits for an agent (`threshold`),
            and how long an abandoned number is held (`abandoned_recall_delay`).
    """

    treatments: TreatmentTable | None = attrs.field(default=None, converter=_table)
    max_attempts: int | None = attrs.field(default=None, converter=_max_attempts)
    pacing: PacingSettings | None = attrs.field(default=None, converter=_pacing)
    abandon: AbandonRules = attrs.field(default=TSR, converter=_abandon)

    def pacing_for(self, mode: DialingMode) -> PacingSettings:
        """The pacing settings of a campaign dialing in `mode` (its mode may switch while it
        runs): the configured ones, else that mode's defaults."""
        pacing = self.pacing
        if pacing is not None:
            return pacing
        if mode is DialingMode.PREDICTIVE:
            return PredictiveSettings()
        return ProgressiveSettings()

    def to_dict(self) -> dict[str, Any]:
        """The rules as plain JSON data."""
        return {
            "treatments": None if self.treatments is None else self.treatments.to_list(),
            "max_attempts": self.max_attempts,
            "pacing": None if self.pacing is None else settings_to_dict(self.pacing),
            "abandon": self.abandon.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CampaignRules:
        """The rules `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not campaign rules.
        """
        if not isinstance(data, Mapping) or set(data) != {
            "treatments", "max_attempts", "pacing", "abandon"
        }:  # fmt: skip
            raise InvalidValue(f"not campaign rules: {shorten(data)}", value=shorten(data))
        treatments, pacing = data["treatments"], data["pacing"]
        return cls(
            None if treatments is None else TreatmentTable.from_list(treatments),
            data["max_attempts"],
            None if pacing is None else settings_from_dict(pacing),
            AbandonRules.from_dict(data["abandon"]),
        )


class CampaignRegistry:
    """Every campaign of one server, by name and by number."""

    __slots__ = ("_by_name", "_fields", "_hours", "_index", "_names", "_rules", "journal")

    def __init__(self) -> None:
        #: Told of every campaign added or changed.
        self.journal: ChangeJournal = NULL_JOURNAL
        self._by_name: dict[str, Campaign] = {}
        self._index: dict[str, int] = {}
        self._names: list[str] = []
        self._fields: dict[str, FieldSet | None] = {}
        self._hours: dict[str, tuple[CallingHours, ...]] = {}
        self._rules: dict[str, CampaignRules] = {}

    def add(
        self,
        name: str,
        mode: DialingMode | str,
        fields: FieldSet | None,
        calling_hours: Iterable[CallingHours] = (),
        rules: CampaignRules | None = None,
    ) -> Campaign:
        """Create a campaign (unloaded) with the field list of its records, the legal
        calling hours they are called in, and its rules (treatments, pacing, abandon rules).

        Raises:
            InvalidValue: a campaign of this name exists, or a bad name, mode, field list,
                calling hours or rules.
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
        hours = calling_hours_rules(calling_hours)
        if rules is not None and type(rules) is not CampaignRules:
            raise InvalidValue(
                f"a campaign's rules are CampaignRules, not {shorten(rules)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(rules),
            )
        self._by_name[name] = campaign
        self._index[name] = len(self._names)
        self._names.append(name)
        self._fields[name] = fields
        self._hours[name] = hours
        self._rules[name] = CampaignRules() if rules is None else rules
        self.changed(name)
        return campaign

    def changed(self, name: str) -> None:
        """The campaign `name` changed (its state, its agents): report it."""
        self.journal.items_changed("campaigns", (name,))

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

    def rules(self, name: str) -> CampaignRules:
        """The campaign's treatments, Maximum Attempts, pacing and abandon rules.

        Raises:
            NotFound: no such campaign.
        """
        self.get(name)
        return self._rules[name]

    def rules_of(self, index: int) -> CampaignRules:
        """The rules of campaign number `index`."""
        return self._rules[self._names[index]]

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
        return [self._item(name) for name in self._by_name]

    def item(self, name: str) -> dict[str, Any] | None:
        """One campaign as `to_dict` writes it, or None for a campaign the registry does not
        have."""
        return self._item(name) if name in self else None

    def _item(self, name: str) -> dict[str, Any]:
        fields = self._fields[name]
        return {
            **self._by_name[name].to_dict(),
            "fields": None if fields is None else fields.to_dict(),
            "calling_hours": [rule.to_dict() for rule in self._hours[name]],
            "rules": self._rules[name].to_dict(),
        }

    def restore(self, data: list[Mapping[str, Any]]) -> None:
        """Take the campaigns `to_dict` wrote (into an empty registry)."""
        for item in data:
            fields = item["fields"]
            campaign = self.add(
                item["name"],
                item["mode"],
                None if fields is None else FieldSet.from_dict(fields),
                [CallingHours.from_dict(rule) for rule in item["calling_hours"]],
                CampaignRules.from_dict(item["rules"]),
            )
            campaign.state = item["state"]
            campaign.agents = set(item["agents"])
