"""`python -m outbound_core`: the `outbound-core` command line."""

from outbound_core.cli import main

raise SystemExit(main())
