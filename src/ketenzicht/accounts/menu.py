"""The menu: which entries a user is offered. Each app registers its own entries from its
registrations.py with the rule that decides them (its access module's), so accounts, which
sits below every app, knows none of them."""
_entries = {}


def register(name, offered):
    """`offered(user)` answers whether (or how much, e.g. a count) the entry shows for this user."""
    _entries[name] = offered


def navigation(user):
    return {name: offered(user) for name, offered in _entries.items()}
