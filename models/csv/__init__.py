"""Deals as CSV: the column contract, export and all-or-nothing import."""
