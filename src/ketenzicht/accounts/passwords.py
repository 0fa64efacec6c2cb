"""Password rules beyond Django's English list: no well-known Dutch words with digits around them."""
import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WORDS = {
    "wachtwoord", "welkom", "geheim", "gemeente", "ketenzicht", "mensenhandel", "nederland", "holland",
    "amsterdam", "rotterdam", "zwolle", "deventer", "zeeland", "ijsselland", "voorjaar", "zomer", "herfst",
    "winter", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
    "zondag", "politie", "wijkteam", "zorg", "veilig", "hallo", "qwerty", "azerty", "password", "admin",
}


class DutchCommonWordsValidator:
    def validate(self, password, user=None):
        core = re.sub(r"[^a-z]", "", password.lower())
        if core in WORDS:
            raise ValidationError(_("Dit wachtwoord is een bekend woord met wat cijfers of tekens; kies een zin van "
                                    "meerdere woorden."), code="password_too_common")

    def get_help_text(self):
        return _("Uw wachtwoord mag geen bekend woord met alleen wat cijfers of tekens zijn.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a message of our own: Django 5.2 changed the message's text and its Dutch
    catalogue still has the old one, so the refusal came out in English."""

    def get_error_message(self):
        return ngettext("Dit wachtwoord is te kort: het moet minstens %(min_length)d teken hebben.",
                        "Dit wachtwoord is te kort: het moet minstens %(min_length)d tekens hebben.",
                        self.min_length) % {"min_length": self.min_length}
