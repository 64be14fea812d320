"""Many writers on one SQLite file: real processes editing the same deals at once."""
