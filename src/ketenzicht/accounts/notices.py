"""Telling a person by e-mail that her login changed (a new password, a new authenticator app, new
recovery codes), so that a change she did not make does not go unnoticed (ASVS 2.5.5)."""
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _


def tell(user, what):
    if not user.email:
        return
    body = what + "\n\n" + _("Was u dit niet? Neem dan meteen contact op met de beheerder van uw regio.") + "\n"
    send_mail(_("Ketenzicht: uw inloggegevens zijn gewijzigd"), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def password_changed(user):
    tell(user, _("Het wachtwoord van uw Ketenzicht-account (%(username)s) is gewijzigd.")
         % {"username": user.get_username()})


def device_enrolled(user):
    tell(user, _("Er is een authenticator-app gekoppeld aan uw Ketenzicht-account (%(username)s); een eerdere werkt "
                 "niet meer.") % {"username": user.get_username()})


def recovery_codes_renewed(user):
    tell(user, _("Er zijn nieuwe herstelcodes gemaakt voor uw Ketenzicht-account (%(username)s); de vorige werken "
                 "niet meer.") % {"username": user.get_username()})
