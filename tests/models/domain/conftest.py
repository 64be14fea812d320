"""Fixtures of the domain tests: ``amsterdam``, a local time zone with summer time."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest


@pytest.fixture
def amsterdam(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone is Europe/Amsterdam (UTC+1 in winter, +2 in summer)."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
