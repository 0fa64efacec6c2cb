"""Preventie en bewustwording (issue 19)."""
