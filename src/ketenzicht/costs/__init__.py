"""Kostenverdeling (issue 19)."""
