"""Read models: the board, deal views and suggestions, as plain data for the screens and the CLI."""
