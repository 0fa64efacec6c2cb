"""Medewerkerspeiling (issue 19)."""
