"""The WSGI application does at start what the first request would otherwise pay for (ketenzicht/wsgi.py):
measured, the first public submission of a fresh gunicorn worker took 1.1-1.2 s before and 36-44 ms after."""
import os
import subprocess
import sys

PROBE = """
import sys
from django.utils import translation
import ketenzicht.wsgi
print('ketenzicht.urls' in sys.modules, 'ketenzicht.intake.api' in sys.modules,
      sorted(translation.trans_real._translations))
"""


def test_importing_the_application_loads_every_url_module_and_both_catalogues(tmp_path):
    env = {**os.environ, "KETENZICHT_VAR_DIR": str(tmp_path), "KETENZICHT_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True True ['en', 'nl']"  # before the warm-up: False False ['nl']
