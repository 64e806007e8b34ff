"""The server's commit points: each command ends by telling its change journal to commit.

A server's parts report what they change to a `journal.ChangeJournal` as they change it (the
in-memory server's default is `NULL_JOURNAL`, which keeps nothing). What they change belongs
to a command: a public method of the server (or of its web callback board, which desks call
directly) that may change state. `command` marks such a method: when the outermost command
ends, returned or raised, the journal's `commit` runs before the caller gets control back, so
a durable journal has written the whole command, and nothing of the next one, when the
command returns. A command that calls another is one command (`CommandScope.depth`), and a
refused command changed nothing, so its commit has nothing to write.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from outbound_core.journal import NULL_JOURNAL, ChangeJournal

__all__ = ["CommandScope", "command"]


class CommandScope:
    """The commands of one server under way: how deeply they nest, and the journal told when
    the outermost ends."""

    __slots__ = ("depth", "journal")

    def __init__(self, journal: ChangeJournal = NULL_JOURNAL) -> None:
        self.depth = 0
        self.journal = journal


class _Scoped(Protocol):
    @property
    def scope(self) -> CommandScope:
        """The commands under way of the server the object belongs to."""


_S = TypeVar("_S", bound=_Scoped)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def command(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Mark a method as a command: the journal commits when the outermost command ends."""

    @functools.wraps(method)
    def run(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        scope = self.scope
        scope.depth += 1
        try:
            return method(self, *args, **kwargs)
        finally:
            scope.depth -= 1
            if not scope.depth:
                scope.journal.commit()

    return run
