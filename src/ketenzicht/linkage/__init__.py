"""Linking persons across organisations by keyed encodings of their identifiers, never by names in the clear."""
