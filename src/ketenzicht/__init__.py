"""Ketenzicht: the shared regional system for the chain approach to human trafficking."""
