"""What the demo tests share: ``small_bulk``, the bulk path on small demos."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.demo import build as demo
from models.demo import bulk as demo_bulk


@pytest.fixture
def small_bulk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``build_demo`` takes the bulk path above 50 deals, in blocks of 100.

    The file handling and the settings of the bulk path are tested on a few hundred deals;
    ``tests/models/demo/test_demo_bulk.py`` holds the big demo.
    """
    monkeypatch.setattr(demo, "BULK_ABOVE", 50)
    monkeypatch.setattr(demo_bulk, "BLOCK", 100)
    yield
