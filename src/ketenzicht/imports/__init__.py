"""Bulk import of a partner's list of signals: a dry run with a report per row, then all or nothing."""
