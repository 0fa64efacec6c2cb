"""The titles of notifications, per kind. Each app registers the kinds it sends (lazy gettext
texts with %(name)s parameters) from its registrations.py; a notification stores only its kind and
parameters, so its title appears in the reader's language and a new translation reaches old ones."""
_titles = {}


class _Params(dict):
    """Parameters where one an older notification lacks reads as empty, rather than failing the page."""

    def __missing__(self, key):
        return ""


def register(titles):
    """`titles` maps a kind to a lazily translated text with %(name)s parameters."""
    _titles.update(titles)


def title(kind, params):
    text = _titles.get(kind)
    return kind if text is None else (str(text) % _Params(params or {})).strip()
