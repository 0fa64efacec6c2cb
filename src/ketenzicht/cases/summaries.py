"""What other apps show on a case's page about their own part of it (care: the phase of each care
trajectory and whether it is blocked, never its content). Each registers from its
registrations.py: cases sits below them and imports none."""
_providers = {}


def provide(name, summary):
    """`summary(case)` gives what the template finds under `name`."""
    _providers[name] = summary


def for_case(case):
    return {name: summary(case) for name, summary in _providers.items()}
