"""The ``dealboard`` command line: scriptable commands that never import Textual."""
