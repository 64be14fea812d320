"""Storage: the tables, opening SQLite or PostgreSQL, migrations, and files on disk."""
