"""The subcommands of `outbound-core`, one module each."""

from __future__ import annotations

import argparse
from typing import Protocol

from outbound_core.commands import (
    abandon,
    call_results,
    calling_window,
    check,
    diagram,
    fields,
    lists,
    plan,
    reschedule,
    simulate,
)

__all__ = ["COMMANDS", "Command"]


class Command(Protocol):
    """A subcommand module: it adds its parser, whose `run` default executes it."""

    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        """Add this command's parser to `subparsers`."""


COMMANDS: tuple[Command, ...] = (
    simulate,
    call_results,
    reschedule,
    calling_window,
    fields,
    diagram,
    check,
    abandon,
    plan,
    lists,
)
