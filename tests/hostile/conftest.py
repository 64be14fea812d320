"""Fixtures of the hostile-input tests: the corpus database the display modules copy."""

from __future__ import annotations

import pytest

from tests.hostile.display_helpers import Hostiles, build


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Hostiles:
    """The corpus database, built once per test process (~3 s of CPU: many odd phases).

    tests/xdist_plan.py keeps the tests that use it on one xdist worker, so it is built once.
    Never opened by a test: each display module works on its own copy (``hostile_file`` in
    tests/hostile/display_helpers.py).
    """
    return build(tmp_path_factory.mktemp("hostile-corpus") / "hostile.sqlite")
