"""The demo's survey (issue 19)."""


def load(region, municipalities, with_signals):
    """Filled in by the app's issue-19 work."""
