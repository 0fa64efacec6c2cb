"""The regional administrator configures the route as data: a new version is uploaded as TOML (or
one of the shipped routes chosen) and checked; stored versions are never edited, so what runs under
them keeps its meaning."""
import tomllib

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts.admin_scope import RegionScopedAdmin

from . import engine, versions
from .models import RouteDefinition


class NewVersionForm(forms.ModelForm):
    shipped = forms.ChoiceField(label=_("Meegeleverde route"), required=False,
                                choices=[("", "—")] + [(name, name) for name in engine.SHIPPED])
    upload = forms.FileField(label=_("Of: eigen route (TOML-bestand)"), required=False)

    class Meta:
        model = RouteDefinition
        fields = ["region"]

    def clean(self):
        cleaned = super().clean()
        try:
            if cleaned.get("upload"):
                cleaned["parsed"] = tomllib.loads(cleaned["upload"].read().decode("utf-8"))
            elif cleaned.get("shipped"):
                cleaned["parsed"] = engine.load_file(cleaned["shipped"])
            else:
                raise forms.ValidationError(_("Kies een meegeleverde route of upload een TOML-bestand."))
            engine.parse(cleaned["parsed"])
            # the model's own checks run on this instance; the version number is given when stored
            self.instance.definition, self.instance.name = cleaned["parsed"], cleaned["parsed"].get("name", "")
            self.instance.version = 0
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, engine.RouteError) as error:
            raise forms.ValidationError(_("De route klopt niet: %(error)s") % {"error": error}) from error
        return cleaned

    def _post_clean(self):
        """The model's own checks only once the route itself passed (they would repeat its error)."""
        if not self.errors:
            super()._post_clean()


@admin.register(RouteDefinition)
class RouteDefinitionAdmin(RegionScopedAdmin):
    list_display = ["name", "region", "version", "active", "created_at"]
    list_filter = ["region", "active"]
    readonly_fields = ["region", "name", "version", "active", "definition", "created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NewVersionForm
            kwargs["fields"] = ["region", "shipped", "upload"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # a version something ran under stays

    def save_model(self, request, obj, form, change):
        if change:
            return
        stored = versions.activate(form.cleaned_data["region"], form.cleaned_data["parsed"], request.user)
        obj.pk, obj.version, obj.name = stored.pk, stored.version, stored.name
