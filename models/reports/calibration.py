"""How far a phase's actual win rate can be trusted: a 95 % Wilson score interval.

Calibration puts a phase's configured probability beside the win rate of the closed deals
that reached it. With few deals that rate says little, so each phase also gets the Wilson
score interval of the rate (z = 1.96, docs/reports.md) and ``outside``: whether the
configured probability lies outside it — "the data does not support this probability".
Bounds are rounded to 4 decimals like every rate of the report, and ``outside`` compares the
configured probability with those rounded bounds, so a reader can check it from the JSON.
"""

from __future__ import annotations

import math
from typing import TypedDict

Z_95 = 1.96  # the normal quantile for a two-sided 95 % interval
DECIMALS = 4  # rates in the report are rounded to 4 decimals


class CalibrationInterval(TypedDict):
    """A phase's interval on its actual win rate, and whether its probability lies outside."""

    interval_low: float | None
    interval_high: float | None
    outside: bool | None


def wilson_interval(won: int, closed: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of ``won`` out of ``closed`` (None when nothing closed).

    centre = (p + z²/2n) / (1 + z²/n), half width = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²),
    with p = won / closed and n = closed; both bounds rounded to 4 decimals, within 0–1.
    """
    if closed <= 0:
        return None
    n = closed
    p = won / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = max(0.0, round(centre - half, DECIMALS))
    high = min(1.0, round(centre + half, DECIMALS))
    return low + 0.0, high + 0.0  # + 0.0 turns a rounded -0.0 into 0.0


def calibration_interval(
    probability: int, won: int, closed: int, too_few: bool
) -> CalibrationInterval:
    """The interval of a phase's win rate, and whether ``probability`` (%) lies outside it.

    ``outside`` is None when too few deals closed to judge (``too_few``) or none closed.
    """
    interval = wilson_interval(won, closed)
    if interval is None:
        return {"interval_low": None, "interval_high": None, "outside": None}
    low, high = interval
    rate = probability / 100
    outside = None if too_few else (rate < low or rate > high)
    return {"interval_low": low, "interval_high": high, "outside": outside}
