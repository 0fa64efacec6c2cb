"""The upload: one file, refused above the limit before it is read into a file."""
from django import forms
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext_lazy as _

from . import formats

ENVELOPE = 64 * 1024  # the form's other fields and the multipart headers around the file


class LimitedUpload(FileUploadHandler):
    """Stops an upload over the limit as soon as it shows: by its Content-Length before the file
    starts, or (a body that says less than it sends) when the bytes pass the limit. The rest of
    the body is drained, not stored; the form then says the file is too large."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large = False
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large = content_length > formats.MAX_BYTES + ENVELOPE

    def new_file(self, *args, **kwargs):
        if self.too_large:
            raise StopUpload(connection_reset=False)
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > formats.MAX_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Bestand met signalen (CSV of JSON, UTF-8, ten hoogste 5 MB)"),
                           help_text=_("Elke regel is één signaal met uw eigen externe referentie. Eerst volgt een "
                                       "controle; er wordt pas iets ingelezen als u dat bevestigt."))

    def __init__(self, *args, limited=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limited = limited

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > formats.MAX_BYTES:
            raise forms.ValidationError(formats.too_large().message)
        return upload

    def clean(self):
        if self.limited is not None and self.limited.too_large:
            self.errors.pop("file", None)
            self.add_error(None, formats.too_large())
        return super().clean()
