"""The simulated telephony of the system-dialed campaigns: dials placed, customers answering.

`SimulatedCalls` places the dials each Progressive or Predictive campaign's controller asks for
(`InMemoryOutboundServer.pace`), after every call event and every step of the day, as a real
dialer decides; draws how each customer responds (`customers.draw_customer`, seeded); and tells
the server at the exact instant: `dial_answered` once the greeting ended, `dial_failed` with
the call result of a busy line (6), no answer (7), an answering machine (9) or a failed dial
(Dial Error, 41), and `dial_hung_up` when a customer waiting for an agent gives up before the
abandon deadline. The server's own deadlines (an answered call nobody took) are met on time
(`next_deadline`), and so are the timed agents' (`ScriptedAgent.next_due`: a call's talk or
wrap-up ends), so the abandon threshold of 2 seconds is judged to the microsecond, however
coarse the day's steps. What is pending (the customers' next moves, the random generator, the
dial count) round-trips through plain data (`to_dict`, `from_dict`).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from outbound_core.codes import CallResult
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.pacing import DialResult
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.simulation.customers import Customer, CustomerModel, draw_customer
from outbound_core.simulation.random_state import random_from_text, random_to_text
from outbound_core.simulation.scripted_agents import ScriptedAgent

__all__ = ["SimulatedCalls"]

_ANSWER, _FAILED, _HANG_UP = range(3)
_FAILED_RESULTS = {
    DialResult.BUSY: CallResult.BUSY,
    DialResult.NO_ANSWER: CallResult.NO_ANSWER,
    DialResult.ANSWERING_MACHINE: CallResult.ANSWERING_MACHINE,
    DialResult.FAILED: CallResult.DIAL_ERROR,
}


class SimulatedCalls:
    """The system-dialed calls of one simulated day (see the module docs)."""

    __slots__ = ("_agents", "_campaigns", "_events", "_model", "_rng", "_seq", "_server", "dials")

    def __init__(
        self,
        server: InMemoryOutboundServer,
        campaigns: list[str],
        rng: random.Random,
        model: CustomerModel | None = None,
        agents: list[ScriptedAgent] | None = None,
    ) -> None:
        self._server = server
        self._agents = agents or []
        self._campaigns = campaigns
        self._rng = rng
        self._model = model or CustomerModel()
        self._events: list[_Event] = []
        self._seq = 0
        #: Dials placed so far.
        self.dials = 0

    def place(self) -> None:
        """Place the dials every campaign's controller asks for now."""
        server = self._server
        if not self._campaigns:
            return
        now = server.now.timestamp()
        for name in self._campaigns:
            for attempt in server.pace(name):
                self.dials += 1
                customer = draw_customer(self._rng, self._model)
                if customer.result is DialResult.LIVE_ANSWER:
                    self._at(now + customer.after + customer.greeting, _ANSWER, attempt.dial_id,
                             customer)  # fmt: skip
                else:
                    self._at(now + customer.after, _FAILED, attempt.dial_id, customer)

    def run_until(self, until: datetime) -> None:
        """Everything that happens to the calls up to `until`, each at its instant."""
        server, events = self._server, self._events
        end = until.timestamp()
        never = end + 1.0
        while True:
            deadline = server.next_deadline()
            due = deadline.timestamp() if deadline is not None else never
            at = events[0][0] if events else never
            wakes = [d for a in self._agents if (d := a.next_due()) is not None]
            wake = min(wakes) if wakes else None
            free = wake.timestamp() if wake is not None else never
            if min(due, at, free) > end:
                return
            if wake is not None and free < min(due, at):
                server.advance(max(wake, server.now))
                for agent in self._agents:
                    agent_wake = agent.next_due()
                    if agent_wake is not None and agent_wake <= wake:
                        agent.finish_due(max(wake, server.now))
            elif due <= at:
                server.advance(deadline)  # type: ignore[arg-type]
            else:
                _, _, kind, dial_id, customer = heapq.heappop(events)
                server.advance(datetime.fromtimestamp(at, until.tzinfo))
                self._happen(kind, dial_id, customer, at)
            self.place()

    def _happen(self, kind: int, dial_id: str, customer: Customer, at: float) -> None:
        server = self._server
        if kind == _FAILED:
            server.dial_failed(dial_id, _FAILED_RESULTS[customer.result])
        elif kind == _ANSWER:
            server.dial_answered(dial_id)
            if server.pacer.is_waiting(dial_id):
                self._at(at + customer.patience, _HANG_UP, dial_id, customer)
        elif server.pacer.is_waiting(dial_id):
            server.dial_hung_up(dial_id)

    def _at(self, when: float, kind: int, dial_id: str, customer: Customer) -> None:
        self._seq += 1
        heapq.heappush(self._events, (when, self._seq, kind, dial_id, customer))

    def pending(self) -> int:
        """Calls still ringing or waiting, whose end is yet to come."""
        return len(self._events)

    def to_dict(self) -> dict[str, Any]:
        """What is pending as plain data: the customers' next moves (in heap order), the
        random generator, the dial count (the server and the agents are not included)."""
        return {
            "campaigns": list(self._campaigns),
            "rng": random_to_text(self._rng),
            "events": [_event_to_list(event) for event in self._events],
            "seq": self._seq,
            "dials": self.dials,
        }

    @classmethod
    def from_dict(
        cls,
        server: InMemoryOutboundServer,
        data: Mapping[str, Any],
        agents: list[ScriptedAgent] | None = None,
        model: CustomerModel | None = None,
    ) -> SimulatedCalls:
        """The calls `to_dict` wrote, on `server`, waking the timed `agents`.

        Raises:
            InvalidValue: data `to_dict` did not write.
        """
        try:
            calls = cls(
                server, [str(name) for name in data["campaigns"]],
                random_from_text(data["rng"]), model, agents,
            )  # fmt: skip
            calls._events = [_event_from_list(item) for item in data["events"]]
            calls._seq = int(data["seq"])
            calls.dials = int(data["dials"])
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not the state of simulated calls: {shorten(error)}",
                code=ErrorCode.INVALID_VALUE,
            ) from None
        return calls


_Event = tuple[float, int, int, str, Customer]


def _event_to_list(event: _Event) -> list[Any]:
    when, seq, kind, dial_id, customer = event
    return [when, seq, kind, dial_id, customer.result.value, customer.after,
            customer.greeting, customer.patience]  # fmt: skip


def _event_from_list(item: list[Any]) -> _Event:
    when, seq, kind, dial_id, result, after, greeting, patience = item
    customer = Customer(DialResult(result), float(after), float(greeting), float(patience))
    return (float(when), int(seq), int(kind), str(dial_id), customer)
