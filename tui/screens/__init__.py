"""The app's screens: one module per screen (compose, bindings, actions), its .tcss beside it.

A screen's helpers sit next to it as ``<screen>_<job>.py``: ``_data`` what it reads and how
it shows it, ``_text`` the text it builds, ``_form``/``_forms`` its form fields, and a flow
too long for one action (``board_moves``, ``detail_save``). ``line_caches`` serves the screens
built anew for each opening.
"""
