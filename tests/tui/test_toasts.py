"""Toasts show quoted data escaped: no terminal control or bidi override reaches the screen."""

from __future__ import annotations

from tests.tui.conftest import screen_text, settle


async def test_a_toast_quoting_escape_codes_shows_them_escaped(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.notify("Changed by x\x1b]0;PWNED\x07 and \u202eevil [b]bold[/b]", title="T\x1b[2J")
        await pilot.pause()
        (toast,) = list(app._notifications)
        assert toast.message == "Changed by x\\x1b]0;PWNED\\x07 and \\u202eevil [b]bold[/b]"
        assert toast.title == "T\\x1b[2J"
        shown = screen_text(app)
        assert "\x1b" not in shown and "\u202e" not in shown


async def test_a_toast_keeps_its_line_breaks_and_joined_emoji(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.notify("Saved 👩\u200d💻\nsecond line")
        await pilot.pause()
        (toast,) = list(app._notifications)
        assert toast.message == "Saved 👩\u200d💻\nsecond line"
