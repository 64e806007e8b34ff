"""Reading the command line's input files: UTF-8 text, and JSON values that are text.

A JSON string may hold a lone UTF-16 surrogate (`"\\ud800"`): legal JSON syntax, but not text,
since it cannot be written in UTF-8 (RFC 8259 §8.2 leaves its meaning open). The commands refuse
such input as unusable, naming the file and where in it, rather than carry it into a report.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from outbound_core.errors import WireFormatError, shorten

__all__ = ["file_path", "lone_surrogate", "read_text", "refuse_lone_surrogates"]


def file_path(text: str) -> str:
    """A command-line argument naming a file (an argparse `type`), kept as given so that
    messages show it as the user typed it; an empty one names none.

    Raises:
        argparse.ArgumentTypeError: the argument is empty.
    """
    if not text:
        raise argparse.ArgumentTypeError("an empty path names no file")
    return text


def read_text(path: str | Path) -> str:
    """The file's text, read as UTF-8; messages name `path` as given.

    Raises:
        WireFormatError: the file cannot be opened or is not UTF-8; the message names it.
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise WireFormatError(
            f"{path}: not UTF-8 text (byte {error.object[error.start]:#04x} at offset "
            f"{error.start})",
            path=str(path),
        ) from None
    except OSError as error:
        raise WireFormatError(
            f"{path}: cannot be read: {error.strerror or error.__class__.__name__}",
            path=str(path),
        ) from None
    except ValueError:  # a path holding a NUL character: no file has that name
        raise WireFormatError(
            f"{path}: cannot be read: no file name holds a NUL character", path=str(path)
        ) from None


def _step(path: str, key: object) -> str:
    if isinstance(key, str) and key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{shorten(key, 30)}]"


def lone_surrogate(value: object) -> tuple[str, str] | None:
    """The first string of a parsed JSON value that holds a lone surrogate, or None.

    Returns the string's JSON path (`$.recordData.Note`) and the string as shown in messages;
    object keys are checked as well as values.
    """
    todo: list[tuple[str, object]] = [("$", value)]
    while todo:
        path, item = todo.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return path, shorten(item)
        elif isinstance(item, dict):
            for key, inner in item.items():
                if isinstance(key, str) and lone_surrogate(key) is not None:
                    return f"{path} (a key)", shorten(key)
                todo.append((_step(path, key), inner))
        elif isinstance(item, list | tuple):
            todo.extend((f"{path}[{n}]", inner) for n, inner in enumerate(item))
    return None


def refuse_lone_surrogates(value: object, where: str, **details: Any) -> None:
    """Raise `WireFormatError` when a string of `value` holds a lone surrogate.

    `where` starts the message (a file name, `line 3`); `details` go into the error.
    """
    found = lone_surrogate(value)
    if found is not None:
        path, shown = found
        raise WireFormatError(
            f"{where}: {path}: {shown} holds a lone UTF-16 surrogate, which is not text "
            "(it cannot be written in UTF-8)",
            path=path,
            **details,
        )
