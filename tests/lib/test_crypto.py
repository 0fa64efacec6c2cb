"""Encryption at rest: what the database and the upload directory hold is ciphertext."""
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from ketenzicht.intake import services
from ketenzicht.intake.forms import PublicSignalForm
from ketenzicht.intake.models import Attachment, Signal
from ketenzicht.lib import crypto

from ..helpers import user

SECRET = "Paspoort van Anna ligt bij de uitzender aan de Industrieweg 12"


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"select {column} from {table} where id = %s", [pk.hex if connection.vendor == "sqlite" else pk])
        return cursor.fetchone()[0]


def public_signal():
    form = PublicSignalForm({"municipality": "GM0193", "description": SECRET, "location": "Industrieweg 12",
                             "contact": "anna@example.org"})
    assert form.is_valid(), form.errors
    return services.submit_public(form.cleaned_data)[0]


def test_free_text_is_ciphertext_in_the_database_and_plain_in_the_app(world):
    signal = public_signal()
    for column in ("description", "location", "contact"):
        stored = raw("intake_signal", column, signal.pk)
        assert stored.startswith(crypto.PREFIX) and "Industrieweg" not in stored and "anna" not in stored
    fresh = Signal.objects.get(pk=signal.pk)
    assert fresh.description == SECRET and fresh.contact == "anna@example.org"


def test_attachments_are_encrypted_on_disk(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    signal = public_signal()
    pdf = b"%PDF-1.4 Anna Jansen, BSN 123456782"
    upload = SimpleUploadedFile("verklaring.pdf", pdf, content_type="application/pdf")
    upload.sniffed_type = "application/pdf"
    services.add_attachment(user("liaison.zwolle"), signal, upload)
    attachment = Attachment.objects.get()
    on_disk = (tmp_path / attachment.file.name).read_bytes()
    assert b"Anna" not in on_disk and b"%PDF" not in on_disk
    assert attachment.file.open("rb").read() == pdf and attachment.name == "verklaring.pdf"


def test_rotation_moves_everything_to_the_new_key(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    signal = public_signal()
    upload = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    upload.sniffed_type = "image/png"
    services.add_attachment(user("liaison.zwolle"), signal, upload)
    old_key, new_key = settings.ENCRYPTION_KEYS, crypto.new_key()
    settings.ENCRYPTION_KEYS = f"{new_key},{old_key}"
    out = StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "intake.Signal.description: 1" in out.getvalue() and "files: 1" in out.getvalue()
    settings.ENCRYPTION_KEYS = new_key  # the old key is gone: everything must still read
    assert Signal.objects.get(pk=signal.pk).description == SECRET
    assert Attachment.objects.get().file.open("rb").read().startswith(b"\x89PNG")
    settings.ENCRYPTION_KEYS = crypto.new_key()  # a wrong key fails loudly, it does not return garbage
    with pytest.raises(ImproperlyConfigured):
        Signal.objects.get(pk=signal.pk)


def test_text_written_before_encryption_is_read_and_then_encrypted(world):
    signal = public_signal()
    Signal.objects.filter(pk=signal.pk).update(location="x")  # goes through the field: encrypted
    with connection.cursor() as cursor:
        cursor.execute("update intake_signal set location = %s", ["Oude tekst"])
    assert Signal.objects.get(pk=signal.pk).location == "Oude tekst"
    call_command("rotate_encryption_key", stdout=StringIO())
    assert raw("intake_signal", "location", signal.pk).startswith(crypto.PREFIX)
    assert Signal.objects.get(pk=signal.pk).location == "Oude tekst"


def test_new_key_prints_a_fresh_usable_key(settings):
    keys = []
    for _ in range(2):
        out = StringIO()
        call_command("rotate_encryption_key", "--new-key", stdout=out)
        keys.append(out.getvalue().strip())
    assert keys[0] != keys[1]
    settings.ENCRYPTION_KEYS = keys[0]
    assert crypto.decrypt(crypto.encrypt("Anna")) == "Anna"


@pytest.mark.parametrize("keys", ["", "not-a-fernet-key"])
def test_missing_or_malformed_keys_stop_the_system(settings, keys):
    from django.core import checks

    settings.ENCRYPTION_KEYS = keys
    errors = [e for e in checks.run_checks() if e.id == "ketenzicht.E001"]
    assert errors and "KETENZICHT_ENCRYPTION_KEYS" in errors[0].msg
