"""The agents a server knows: their sessions, privileges, inboxes and Direct Push Preview mode.

`AgentRegistry` owns every agent's `AgentSession` and moves it, tracing each move of the
session's lifecycle (kind `agent`, with the states before and after), and holds what the server
tells each desk between its requests (`Notice`s, taken by `poll`). Every change of an agent is
reported to `journal` (the agent's item of the part `agents`; `item` reads it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from outbound_core.agent import AgentSession
from outbound_core.codes import DialingMode
from outbound_core.errors import InvalidValue, NotFound, TransitionNotAllowed, shorten
from outbound_core.journal import NULL_JOURNAL, ChangeJournal
from outbound_core.options import OutboundOptions
from outbound_core.privileges import Privileges
from outbound_core.server.protocol import Notice
from outbound_core.trace import Tracer

__all__ = ["AgentRecord", "AgentRegistry"]


@attrs.define(slots=True, eq=False)
class AgentRecord:
    """What the server keeps of one agent.

    Attributes:
        session: the agent's session lifecycle (read it; the registry moves it).
        privileges: the agent's outbound privileges.
        inbox: notices not yet polled by the agent's desk, oldest first.
        direct_push: whether the agent asked for Direct Push Preview records.
    """

    session: AgentSession
    privileges: Privileges
    inbox: list[Notice] = attrs.field(factory=list)
    direct_push: bool = False


class AgentRegistry:
    """Every agent of one server, by id, in registration order."""

    __slots__ = ("_agents", "_tracer", "journal", "observers")

    def __init__(self, tracer: Tracer) -> None:
        self._agents: dict[str, AgentRecord] = {}
        self._tracer = tracer
        #: Told of every change of an agent.
        self.journal: ChangeJournal = NULL_JOURNAL
        #: Called with the agent's id after each move of a session (e.g. to follow agents'
        #: states for pacing).
        self.observers: list[Callable[[str], None]] = []

    def __contains__(self, agent_id: object) -> bool:
        try:
            return agent_id in self._agents
        except TypeError:
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._agents)

    def __len__(self) -> int:
        return len(self._agents)

    def add(self, agent_id: str, privileges: Privileges, options: OutboundOptions) -> AgentRecord:
        """Register an agent, logged out.

        Raises:
            InvalidValue: the agent exists already, or a bad id.
        """
        if agent_id in self:
            raise InvalidValue(f"agent {agent_id} exists already", value=agent_id)
        record = AgentRecord(AgentSession(agent_id, options), privileges)
        self._agents[agent_id] = record
        self.changed(agent_id)
        return record

    def changed(self, agent_id: str) -> None:
        """The agent changed (its session moved outside `move`, ...): report it."""
        self.journal.items_changed("agents", (agent_id,))

    def set_direct_push(self, agent_id: str, on: bool) -> None:
        """Whether the agent receives Direct Push Preview records."""
        agent = self._agents[agent_id]
        if agent.direct_push != on:
            agent.direct_push = on
            self.changed(agent_id)

    def get(self, agent_id: str) -> AgentRecord:
        """The agent of this id.

        Raises:
            NotFound: no such agent.
        """
        try:
            return self._agents[agent_id]
        except (KeyError, TypeError):
            raise NotFound(f"no agent {shorten(agent_id)}", agent_id=shorten(agent_id)) from None

    def logged_in(self, agent_id: str) -> AgentRecord:
        """The agent of this id, who must be logged in.

        Raises:
            NotFound: no such agent.
            TransitionNotAllowed: the agent is not logged in.
        """
        agent = self.get(agent_id)
        if not agent.session.logged_in:
            raise TransitionNotAllowed(
                f"agent {agent_id} is not logged in", state=agent.session.state,
                event="request", machine="server", failed_guards=[],
            )  # fmt: skip
        return agent

    def items(self) -> Iterator[tuple[str, AgentRecord]]:
        """(agent id, record) of every agent, in registration order."""
        return iter(self._agents.items())

    def values(self) -> Iterator[AgentRecord]:
        """Every agent's record, in registration order."""
        return iter(self._agents.values())

    def tell(self, agent_id: str, notice: Notice) -> None:
        """Leave a notice for the agent's desk."""
        self._agents[agent_id].inbox.append(notice)
        self.changed(agent_id)

    def take_notices(self, agent_id: str) -> list[Notice]:
        """The agent's notices since the last call, oldest first (the inbox empties).

        Raises:
            NotFound: no such agent.
        """
        agent = self.get(agent_id)
        notices, agent.inbox = agent.inbox, []
        if notices:
            self.changed(agent_id)
        return notices

    def move(self, agent_id: str, event: str, move: Callable[[], object], **args: Any) -> None:
        """Move the agent's session by one of its commands, traced as `event`."""
        session = self._agents[agent_id].session
        before = session.state
        move()
        self.changed(agent_id)
        self._tracer.emit(
            "agent", event, agent_id=agent_id, state_before=before, state_after=session.state,
            args=args,
        )  # fmt: skip
        for observer in self.observers:
            observer(agent_id)

    def deliver(self, agent_id: str, delivery_id: str, mode: DialingMode) -> None:
        """A record or call reaches the agent's desk (the session's `deliver`)."""
        session = self._agents[agent_id].session
        self.move(
            agent_id, "deliver", lambda: session.deliver(delivery_id, mode),
            delivery_id=delivery_id, mode=mode.value,
        )  # fmt: skip

    def finish(self, agent_id: str, delivery_id: str) -> None:
        """A record leaves the agent's desk (the session's `finish`)."""
        session = self._agents[agent_id].session
        self.move(agent_id, "finish", lambda: session.finish(delivery_id), delivery_id=delivery_id)

    # ---- snapshot ----------------------------------------------------------------------------

    def to_dict(self) -> list[dict[str, Any]]:
        """Every agent, in registration order, as plain data."""
        return [_agent_to_dict(agent) for agent in self._agents.values()]

    def item(self, agent_id: str) -> dict[str, Any] | None:
        """One agent as `to_dict` writes it, or None for an agent the registry does not have."""
        agent = self._agents.get(agent_id) if isinstance(agent_id, str) else None
        return None if agent is None else _agent_to_dict(agent)

    def restore(self, data: list[Mapping[str, Any]]) -> None:
        """Take the agents `to_dict` wrote (into an empty registry)."""
        for item in data:
            session = AgentSession.from_dict(item["session"])
            self._agents[session.agent_id] = AgentRecord(
                session,
                Privileges.from_names(item["privileges"]),
                [Notice.from_dict(notice) for notice in item["inbox"]],
                bool(item["direct_push"]),
            )


def _agent_to_dict(agent: AgentRecord) -> dict[str, Any]:
    return {
        "session": agent.session.to_dict(),
        "privileges": agent.privileges.names(),
        "inbox": [notice.to_dict() for notice in agent.inbox],
        "direct_push": agent.direct_push,
    }
