"""Bolkhata's pure model: aggregates, events, language understanding, scheduling policy."""
