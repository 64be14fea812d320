"""The phase configuration screen's footer offers the keys of the table with the cursor."""

from __future__ import annotations

from tests.tui.board_steps import open_phases
from tests.tui.conftest import query, screen_text, settle, type_text


def footer(app) -> str:
    """The bottom line of the screen: the footer."""
    return app.screen._compositor.render_strips()[-1].text


PHASE_KEYS = ("p Probability", "K/J Move", "g Merge", "e Rename")


async def test_the_footer_follows_the_table_with_the_cursor(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        line = footer(app)
        for key in (*PHASE_KEYS, "n Add", "x Archive", "esc Back", "? Help"):
            assert key in line, (key, line)
        # d Delete, last in line, does not fit beside ? Help at 80 columns (help lists it)
        await pilot.press("tab")  # to the reasons table
        await settle(pilot, app)
        line = footer(app)
        for key in ("n Add", "e Edit", "x Archive", "esc Back", "? Help"):
            assert key in line, (key, line)
        for key in PHASE_KEYS:
            assert key not in line, (key, line)
        await pilot.press("shift+tab")  # back to the phases table
        await settle(pilot, app)
        assert "p Probability" in footer(app) and "e Edit" not in footer(app)


async def test_phase_keys_do_nothing_on_the_reasons_table(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        phases = query(db_file, "SELECT * FROM phase ORDER BY id")
        reasons = query(db_file, "SELECT * FROM reason ORDER BY id")
        await pilot.press("tab")
        for key in ("p", "K", "J", "g", "d", "shift+up", "shift+down", "delete"):
            await pilot.press(key)
            await settle(pilot, app)
            assert app.screen is not None and type(app.screen).__name__ == "PhasesScreen", key
        assert query(db_file, "SELECT * FROM phase ORDER BY id") == phases
        assert query(db_file, "SELECT * FROM reason ORDER BY id") == reasons


async def test_reason_keys_act_on_the_reason_under_the_cursor(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        await pilot.press("tab")
        first = query(db_file, "SELECT name FROM reason ORDER BY name")[0][0]
        await pilot.press("enter")  # enter edits the reason
        await settle(pilot, app)
        assert "Edit reason" in screen_text(app)
        await pilot.press("end")
        await type_text(pilot, " (again)")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, "SELECT COUNT(*) FROM reason WHERE name = ?", f"{first} (again)") == [
            (1,)
        ]
        await pilot.press("x")  # archives the reason, not the phase under the other cursor
        await settle(pilot, app)
        assert query(db_file, "SELECT archived FROM reason WHERE name = ?", f"{first} (again)") == [
            (1,)
        ]
        assert query(db_file, "SELECT COUNT(*) FROM phase WHERE archived") == [(0,)]
        await pilot.press("n")
        await settle(pilot, app)
        assert "New reason" in screen_text(app)


async def test_enter_on_a_phase_renames_it(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert "Rename phase Presentation" in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Demo")
        await pilot.press("enter")
        await settle(pilot, app)
        assert query(db_file, "SELECT name FROM phase WHERE position = 2") == [("Demo",)]
        assert "Demo" in screen_text(app)


async def test_help_lists_every_key_grouped_by_table(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        await pilot.press("tab")  # help from the reasons table still lists the phase keys
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = screen_text(app)
        assert "On the phases table" in text
        assert "Change the phase's win probability" in text
        assert "Merge the phase into another one" in text
        assert "K / shift+up" in text and "Move the phase up" in text
        for _ in range(5):  # the reason keys are further down the list
            await pilot.press("down")
        text = screen_text(app)
        assert "On the reasons table" in text
        assert "Edit the reason: its name and what it applies to" in text


async def test_every_phase_key_is_in_the_footer_at_120_columns(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_phases(pilot, app)
        line = footer(app)
        for key in (*PHASE_KEYS, "d Delete", "n Add", "x Archive", "esc Back", "? Help"):
            assert key in line, (key, line)
        await pilot.press("tab")
        await settle(pilot, app)
        assert "d Delete" not in footer(app) and "e Edit" in footer(app)
