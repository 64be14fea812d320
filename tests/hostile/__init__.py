"""Hostile input: a corpus of nasty values pushed through every input of dealboard."""
