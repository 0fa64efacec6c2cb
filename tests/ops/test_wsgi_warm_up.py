"""The WSGI application does at start what the first request would otherwise pay for (ketenzicht/wsgi.py):
measured, the first public submission of a fresh gunicorn worker took 1.1-1.2 s before and 36-44 ms after."""
import os
import subprocess
import sys

PROBE = """
import sys
from django.utils import translation
import gc
import ketenzicht.wsgi
print('ketenzicht.urls' in sys.modules, 'ketenzicht.intake.api' in sys.modules,
      sorted(translation.trans_real._translations), gc.get_freeze_count() > 50_000)
"""


def test_importing_the_application_loads_every_url_module_and_both_catalogues_and_freezes_them(tmp_path):
    """...and moves what it loaded out of the garbage collector's reach (a full collection walked it
    for about 100 ms inside a request)."""
    env = {**os.environ, "KETENZICHT_VAR_DIR": str(tmp_path), "KETENZICHT_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True True ['en', 'nl'] True"  # before: False False ['nl'] False
