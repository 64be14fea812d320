"""The domain vocabulary: statuses, probabilities, money, input checks and typed errors. No database."""
