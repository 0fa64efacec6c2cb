from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.forms import Blocks

from .models import region_role_choices, works_for_municipality

CODE_HELP = _("Of een van uw herstelcodes, als u uw telefoon niet bij de hand hebt.")


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Wachtwoord"), max_length=200,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    otp_token = forms.RegexField(
        label=_("Code uit uw authenticator-app"), help_text=CODE_HELP,
        regex=r"^(\d{6}|[A-Za-z2-7]{4}[ -]?[A-Za-z2-7]{4})$", max_length=9,
        error_messages={"invalid": _("De code bestaat uit 6 cijfers; een herstelcode uit 8 letters en cijfers.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def clean_otp_token(self):
        return "".join(c for c in self.cleaned_data["otp_token"].lower() if c.isalnum())


def _new_password_fields():
    return (
        forms.CharField(label=_("Nieuw wachtwoord"), max_length=200, strip=False,
                        help_text=password_validation.password_validators_help_text_html,
                        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})),
        forms.CharField(label=_("Nieuw wachtwoord nogmaals"), max_length=200, strip=False,
                        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})),
    )


class NewPasswordMixin:
    def clean_new_password2(self):
        first, second = self.cleaned_data.get("new_password1"), self.cleaned_data.get("new_password2")
        if first and second and first != second:
            raise forms.ValidationError(_("De twee wachtwoorden zijn niet gelijk."))
        return second


class SetPasswordForm(NewPasswordMixin, forms.Form):
    new_password1, new_password2 = _new_password_fields()


class CurrentPasswordForm(forms.Form):
    password = forms.CharField(label=_("Uw wachtwoord"), max_length=200, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code uit uw authenticator-app"), regex=r"^\s*\d{6}\s*$", max_length=10,
        error_messages={"invalid": _("De code bestaat uit 6 cijfers.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ResetPasswordForm(NewPasswordMixin, forms.Form):
    new_password1, new_password2 = _new_password_fields()
    code = forms.CharField(label=_("Code uit uw authenticator-app"), help_text=CODE_HELP, max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}))


class ChangePasswordForm(NewPasswordMixin, forms.Form):
    current_password = forms.CharField(label=_("Huidig wachtwoord"), max_length=200, strip=False,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1, new_password2 = _new_password_fields()


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254,
                             help_text=_("Hier komt de uitnodiging; het is ook de gebruikersnaam."))


class RoleForm(forms.Form):
    """One role of the invited person, at an organisation (and for a liaison a municipality) of the
    region whose users page this is: another region's id is not a choice, whatever is posted."""

    role = forms.ChoiceField(label=_("Rol"), choices=[("", "—")] + region_role_choices(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=None, required=False,
        error_messages={"invalid_choice": _("Kies een organisatie uit deze regio.")})
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, required=False,
        help_text=_("Alleen voor een aandachtsfunctionaris: de gemeente waarvoor zij werkt."),
        error_messages={"invalid_choice": _("Kies een gemeente uit deze regio.")})

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = region.organisations.filter(active=True).order_by("name")
        self.fields["municipality"].queryset = region.municipalities.order_by("name")

    def clean(self):
        data = super().clean()
        if not self.has_changed() or self.errors:
            return data
        if not data.get("role"):
            self.add_error("role", _("Kies een rol."))
        if not data.get("organisation"):
            self.add_error("organisation", _("Kies de organisatie waarvoor deze rol geldt."))
        if works_for_municipality(data.get("role")) and not data.get("municipality"):
            self.add_error("municipality", _("Een aandachtsfunctionaris werkt voor een gemeente: kies die."))
        return data


class BaseRoleFormSet(Blocks, forms.BaseFormSet):
    block_label = _("Rol %(n)s")

    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(_("Geef minstens één rol."))

    def roles(self):
        return [{"role": f.cleaned_data["role"], "organisation": f.cleaned_data["organisation"],
                 "municipality": f.cleaned_data.get("municipality")} for f in self.forms if f.has_changed()]


RoleFormSet = forms.formset_factory(RoleForm, formset=BaseRoleFormSet, extra=3, max_num=10, absolute_max=10)
