"""The demo database: realistic deals with their history, made by the real operations."""
