"""The WSGI application gunicorn serves.

Django imports the URLconf (and with it every view module) and loads each language's catalogue on
the first request that needs them: a few hundred milliseconds that would fall on a citizen's or a
liaison's request after every start of a worker (and gunicorn restarts workers every
`--max-requests`). `warm_up` does that work at start instead; it touches no database.

What the started application holds (modules, URL patterns, catalogues, some 200,000 objects) lives as
long as the worker. Python's full garbage collection walked all of it, about 100 ms, inside
whichever request set it off (6 of 300 requests of the signals API, measured in process): frozen
(`gc.freeze`), the collector leaves it alone.
"""
import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
from django.utils import translation

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings")
application = get_wsgi_application()


def warm_up():
    get_resolver().url_patterns  # noqa: B018 - importing every URL module is the point
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Signaal")


warm_up()
gc.freeze()
