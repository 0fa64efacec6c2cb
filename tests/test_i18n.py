"""Dutch first, English too: every interface string goes through gettext and has a translation."""
import os
import shutil
from pathlib import Path

import polib
from django.core.management import call_command

import ketenzicht

PACKAGE = Path(ketenzicht.__file__).parent
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES"


def test_pages_speak_dutch_by_default_and_english_on_request(world, client):
    assert "Meld een vermoeden" in client.get("/").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report a suspicion" in english and '<html lang="en">' in english


def test_the_footer_switches_the_language(world, client):
    response = client.post("/taal/setlang/", {"language": "en", "next": "/status"})
    assert response.status_code == 302 and response["Location"] == "/status"
    assert "Check status" in client.get("/status").content.decode()
    client.post("/taal/setlang/", {"language": "nl", "next": "/status"})
    assert "Bekijk status" in client.get("/status").content.decode()


def test_english_catalogue_is_complete_and_compiled():
    po = polib.pofile(CATALOGUE / "django.po")
    assert not po.untranslated_entries() and not po.fuzzy_entries()
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(CATALOGUE / "django.mo")}
    written = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in po if not e.obsolete}
    assert compiled == written, "run msgfmt: django.mo is older than django.po"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the messages from a copy of the code and compare with the committed catalogue."""
    copy = tmp_path / "ketenzicht"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        call_command("makemessages", locale=["en"], verbosity=0)
    finally:
        os.chdir(cwd)
    extracted = {e.msgid for e in polib.pofile(copy / "locale" / "en" / "LC_MESSAGES" / "django.po") if not e.obsolete}
    committed = {e.msgid for e in polib.pofile(CATALOGUE / "django.po") if not e.obsolete}
    assert extracted == committed, f"new: {sorted(extracted - committed)[:5]}, gone: {sorted(committed - extracted)[:5]}"
