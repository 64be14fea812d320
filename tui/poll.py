"""How often the app looks for other users' changes: the default and the limits accepted.

Shared by the command line (which checks ``DEALBOARD_POLL_SECONDS``) and live refresh (which
waits this long between looks), without either importing the other.
"""

POLL_SECONDS = 1.0
# DEALBOARD_POLL_SECONDS is refused outside these bounds: a shorter wait turns the thread
# into a busy loop (1e-9 s took 60 % of a core), a longer one overflows the thread's timer
# and is in effect "off", which is 0.
MIN_POLL_SECONDS = 0.2
MAX_POLL_SECONDS = 3600.0
