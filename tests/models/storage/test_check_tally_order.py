"""``check`` names disagreeing report tallies in a fixed order, whatever order sets iterate in.

The first ``MAX_NAMED`` differences are the ones named, so which they are must not depend on
hashing: phase times first, then report tallies, each sorted by the key's text.
"""

from __future__ import annotations

import peewee

from models.storage.tally_check import TALLY_TABLE, TIME_TABLE, tally_differences
from tests.backends import RawConnection


def test_differences_come_in_the_order_of_their_keys(
    db: peewee.Database,
    some_deals: list[int],
    raw: RawConnection,
) -> None:
    raw.execute("UPDATE report_tally SET n = n + 1 WHERE kind <> 'state'")
    raw.execute("UPDATE deal_phase_time SET seconds = seconds + 60")
    found = tally_differences(db, "UTC")
    tables = [difference.table for difference in found]
    times = tables.count(TIME_TABLE)
    assert times > 3 and tables == [TIME_TABLE] * times + [TALLY_TABLE] * (len(found) - times)
    for table in (TIME_TABLE, TALLY_TABLE):
        keys = [difference.key for difference in found if difference.table == table]
        assert len(keys) > 3 and keys == sorted(keys, key=repr)
