"""Compiled modules shared by the run's processes where the environment forbids writing them.

Loaded by ``tests/conftest.py`` (``pytest_plugins``). With ``PYTHONDONTWRITEBYTECODE`` set (as
many container images do), Python compiles every module it imports afresh in every process:
each xdist worker compiles the project and rewrites the assertions of every test module
(about 5 s of CPU per worker), and each real ``dealboard`` process a test starts compiles the
project again (about 0.1 s of its 0.25 s of CPU). So the run keeps compiled modules in a
directory of its own (``sys.pycache_prefix``, handed to the workers and every child process
as ``PYTHONPYCACHEPREFIX``): the first process to import a module compiles it, the others
read it. Nothing is written into the checkout or the installed packages, as the setting
asks; the directory is made private (``mkdtemp``: mode 0700, an unpredictable name) and
removed when the run ends.

Without the setting Python writes ``__pycache__`` beside each source as usual, and this
plugin does nothing; nor does it when a prefix was chosen already (the run then uses it).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """In the run's first process: a private cache for compiled modules, for every process."""
    if not sys.dont_write_bytecode or sys.pycache_prefix or "PYTEST_XDIST_WORKER" in os.environ:
        return
    prefix = tempfile.mkdtemp(prefix="dealboard-bytecode-")
    setting = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.pycache_prefix, sys.dont_write_bytecode = prefix, False
    os.environ["PYTHONPYCACHEPREFIX"] = prefix

    def restore() -> None:
        sys.pycache_prefix, sys.dont_write_bytecode = None, True
        os.environ.pop("PYTHONPYCACHEPREFIX", None)
        if setting is not None:
            os.environ["PYTHONDONTWRITEBYTECODE"] = setting
        shutil.rmtree(prefix, ignore_errors=True)

    config.add_cleanup(restore)
