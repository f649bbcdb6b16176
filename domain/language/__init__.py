"""Language understanding: Hinglish, Hindi and English utterances to ledger commands."""

from domain.language.parser import parse

__all__ = ["parse"]
