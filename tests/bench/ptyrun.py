"""Run a real terminal app under a pseudo-terminal: time to first paint, idle CPU, peak memory.

The child gets an 80×24 pty with ``TERM=xterm-256color`` as its stdin, stdout and stderr and
as its controlling terminal, as over SSH. Its output is read continuously (a full pty would
block the app); the first paint is the moment a chosen text (a phase header, a table cell)
first appears in it, measured from just before the fork. Then the app may idle while its CPU
time is read from ``/proc/<pid>/stat``; its peak resident memory is ``VmHWM`` from
``/proc/<pid>/status``, read just before it gets ``q``. (Not ``wait4``'s ``ru_maxrss``: Linux
carries the forking parent's resident size over into a child's ``ru_maxrss`` at exec, so a
benchmark process that has just generated a million deals would inflate every child.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import resource
import select
import signal
import struct
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

from tests.bench.common import REPO, child_env

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class PtyRun:
    """What one run under the pty showed."""

    first_paint: float | None  # seconds from spawn to the marker; None when it never came
    peak_rss_kib: int  # peak resident set size from the exec until just before quitting
    idle_cpu: float | None  # CPU seconds used while idling
    idle_wall: float | None  # wall seconds of the idle window
    exit_status: int
    tail: str  # the last output, for a message when something went wrong


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (all its threads)."""
    with open(f"/proc/{pid}/stat", "rb") as handle:
        fields = handle.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident set size since its exec (``VmHWM``), in KiB."""
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def run_under_pty(
    argv: Sequence[str],
    marker: bytes,
    *,
    settle: float = 0.5,
    idle: float = 0.0,
    timeout: float = 120.0,
    size: tuple[int, int] = (80, 24),
) -> PtyRun:
    """Start ``argv`` on a pty, wait for ``marker``, optionally idle, quit with ``q``."""
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = child_env(TERM="xterm-256color")
    for name in ("COLUMNS", "LINES", "COLORTERM", "TEXTUAL"):
        env.pop(name, None)
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: the pty becomes its terminal, then the program replaces it
        try:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(master)
            os.close(slave)
            os.chdir(REPO)
            os.execvpe(argv[0], list(argv), env)
        finally:
            os._exit(127)
    os.close(slave)
    output = bytearray()
    first_paint = idle_cpu = idle_wall = None
    peak = 0
    reaped: tuple[int, resource.struct_rusage] | None = None
    try:
        if _read_until(master, output, started + timeout, marker):
            first_paint = time.perf_counter() - started
            _read_until(master, output, time.perf_counter() + settle)
            if idle > 0:
                before, idle_started = cpu_seconds(pid), time.perf_counter()
                _read_until(master, output, idle_started + idle)
                idle_cpu = cpu_seconds(pid) - before
                idle_wall = time.perf_counter() - idle_started
            peak = peak_rss_kib(pid)
        os.write(master, b"q")
        reaped = _quit(master, output, pid, time.perf_counter() + 15)
    finally:
        status, _ = reaped if reaped else _reap(pid)
        os.close(master)
    return PtyRun(
        first_paint=first_paint,
        peak_rss_kib=peak,
        idle_cpu=idle_cpu,
        idle_wall=idle_wall,
        exit_status=status,
        tail=bytes(output[-2000:]).decode("utf-8", "replace"),
    )


def _read_until(
    master: int, output: bytearray, deadline: float, marker: bytes | None = None
) -> bool:
    """Drain the pty until ``deadline``; return True as soon as ``marker`` has appeared."""
    searched = 0
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            return False
        ready, _, _ = select.select([master], [], [], min(left, 0.25))
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal (it ended)
            return False
        if not chunk:
            return False
        output += chunk
        if marker is not None and output.find(marker, max(searched - len(marker), 0)) >= 0:
            return True
        searched = len(output)


def _quit(
    master: int, output: bytearray, pid: int, deadline: float
) -> tuple[int, resource.struct_rusage] | None:
    """Drain the pty until the child has ended; return its status and usage, reaped."""
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                output += os.read(master, 65536)
            except OSError:  # closed: the child is ending
                time.sleep(0.01)
        done, status, rusage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, rusage
    return None


def _reap(pid: int) -> tuple[int, resource.struct_rusage | None]:
    """Wait for the child (ending it if it does not quit) and return its status and usage."""
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            try:
                done, status, rusage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                return 0, None
            if done:
                return status, rusage
            time.sleep(0.02)
    return -1, None
