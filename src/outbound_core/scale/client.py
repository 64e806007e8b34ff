"""Reaching Dask: a cluster at an address, or one started on this machine for the job.

`outbound-core ... --engine dask` runs on the scheduler `--scheduler ADDRESS` names, or else
on a `LocalCluster` of worker processes on this machine (one per CPU unless `--workers N`),
started for the command and stopped after it. A scheduler that cannot be reached is an
`engine-unavailable` error naming `--scheduler`, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from dask.distributed import CancelledError, Client, KilledWorker, LocalCluster
from distributed.comm.addressing import parse_address, parse_host_port
from distributed.comm.core import CommClosedError

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["CONNECT_SECONDS", "SCHEMES", "engine_client"]

#: How long to wait for a scheduler to answer.
CONNECT_SECONDS = 10


@contextmanager
def engine_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A Dask client for one command: connected to `scheduler`, or to a local cluster of
    `workers` worker processes (one thread each) made for it and closed after it.

    Raises:
        InvalidValue: `engine-unavailable` when the scheduler cannot be reached.
    """
    if scheduler is not None:
        _check_address(scheduler)
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as error:
            raise InvalidValue(
                f"--scheduler {shorten(scheduler)}: cannot reach a Dask scheduler there "
                f"({error.__class__.__name__}: {shorten(str(error), 120)})",
                code=ErrorCode.ENGINE_UNAVAILABLE,
                flag="--scheduler",
            ) from None
        with client, _job_failures(f"the Dask cluster at --scheduler {shorten(scheduler)}"):
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
        _job_failures("the local Dask cluster"),
    ):
        yield client


#: The schemes a scheduler may be reached by from another process.
SCHEMES = ("tcp", "tls", "ws", "wss")


def _check_address(scheduler: str) -> None:
    """Refuse what is not a scheduler's address before a client is made: a client that fails
    to start lingers until the interpreter exits, and then hangs closing itself."""
    why = ""
    try:
        scheme, location = parse_address(scheduler, strict=True)
        if scheme not in SCHEMES:
            why = f"the scheme is one of {', '.join(SCHEMES)}"
        else:
            _host, port = parse_host_port(location)
            if not 0 < port < 65536:
                why = "the port is from 1 to 65535"
    except (ValueError, TypeError) as error:
        why = shorten(str(error), 120)
    if why:
        raise InvalidValue(
            f"--scheduler {shorten(scheduler)}: not a scheduler's address (tcp://host:8786): {why}",
            code=ErrorCode.ENGINE_UNAVAILABLE,
            flag="--scheduler",
        )


@contextmanager
def _job_failures(where: str) -> Iterator[None]:
    """The engine's own failures during a job (a worker killed, the scheduler gone) as an
    `engine-unavailable` error; the job's errors (an `OutboundError`) pass unchanged."""
    try:
        yield
    except (KilledWorker, CancelledError, CommClosedError, TimeoutError) as error:
        raise InvalidValue(
            f"{where} failed during the job ({error.__class__.__name__}: "
            f"{shorten(str(error), 120)})",
            code=ErrorCode.ENGINE_UNAVAILABLE,
        ) from None
