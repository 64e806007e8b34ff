"""MkDocs hook: draw every lifecycle of `outbound_core.machines.MACHINES` into the lifecycles page.

The page holds the placeholder `<!-- diagrams -->`; at build time it is replaced by one section
per machine, in registry order, each with the class, its first docstring line, its guard names
and a Mermaid state diagram drawn by python-statemachine from the class itself. A machine added
to `MACHINES` appears without editing the page.
"""

from __future__ import annotations

import inspect
from typing import Any

from mkdocs.exceptions import PluginError

from outbound_core.machines import MACHINES, compile_machine

PAGE = "concepts/lifecycles.md"
PLACEHOLDER = "<!-- diagrams -->"


def _section(name: str) -> str:
    cls = MACHINES[name]
    compiled = compile_machine(cls)
    summary = (inspect.getdoc(cls) or "").split("\n\n")[0].replace("\n", " ")
    guards = ", ".join(f"`{g}`" for g in sorted(compiled.guards)) or "none"
    return "\n".join(
        [
            f"### `{name}`",
            "",
            f"`{cls.__module__}.{cls.__qualname__}`: {summary}",
            "",
            f"{len(compiled.states)} states, {len(compiled.events)} events. Guards: {guards}.",
            "",
            "```mermaid",
            format(cls, "mermaid").rstrip("\n"),
            "```",
            "",
        ]
    )


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Replace the placeholder of the lifecycles page with every machine's diagram."""
    if page.file.src_uri != PAGE:
        return markdown
    if PLACEHOLDER not in markdown:
        raise PluginError(f"{PAGE} lost its {PLACEHOLDER} placeholder")
    return markdown.replace(PLACEHOLDER, "\n".join(_section(name) for name in MACHINES))
