"""Test configuration: Hypothesis profiles.

`dev` (the default) keeps the suite fast; `ci` is derandomized and tries many more examples.
Choose one with `--hypothesis-profile=ci` or the `HYPOTHESIS_PROFILE` environment variable.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=400,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
