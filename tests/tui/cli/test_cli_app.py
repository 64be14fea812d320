"""Starting the app from the command line: how often live refresh looks, and bad settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.tui.cli.conftest import Result
from tui.cli.main import poll_seconds
from tui.poll import MAX_POLL_SECONDS, MIN_POLL_SECONDS, POLL_SECONDS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", POLL_SECONDS),
        ("2", 2.0),
        ("0.5", 0.5),
        (" 3 ", 3.0),
        ("0", None),
        (str(MIN_POLL_SECONDS), MIN_POLL_SECONDS),
        (str(MAX_POLL_SECONDS), MAX_POLL_SECONDS),
    ],
)
def test_poll_seconds_come_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("DEALBOARD_POLL_SECONDS", value)
    assert poll_seconds() == expected


def test_poll_seconds_default_to_the_live_refresh_interval(monkeypatch):
    monkeypatch.delenv("DEALBOARD_POLL_SECONDS", raising=False)
    assert poll_seconds() == POLL_SECONDS == 1


# Below the minimum the live-refresh thread becomes a busy loop (1e-9 took 60 % of a core);
# past the maximum its timer overflows.
@pytest.mark.parametrize("value", ["often", "-1", "nan", "inf", "1e-9", "0.1", "3601", "1e10"])
def test_a_bad_poll_interval_stops_the_app_with_a_sentence(
    monkeypatch, cli_db, run: Callable[..., Result], value
):
    monkeypatch.setenv("DEALBOARD_POLL_SECONDS", value)
    result = run()  # no command: would start the app
    assert result.code == 1
    assert "DEALBOARD_POLL_SECONDS must be" in result.err
    assert result.out == ""
    assert not cli_db.exists()  # refused before the database was opened (or created)
