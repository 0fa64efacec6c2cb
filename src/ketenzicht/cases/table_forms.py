"""The forms of the set-up pages for tables and seats. They parse and offer the region's choices;
the rules (no table handing to itself, a basis in force, ...) are the service's (cases.tables)."""
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts.models import User
from ketenzicht.intake.forms import MAX_UPLOAD, sniff_type
from ketenzicht.lib.forms import OwnIds
from ketenzicht.regions.models import Municipality, Organisation

from . import access
from .models import CASE_KINDS, BasisKind, Table, TableKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NamedChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class TableForm(OwnIds, forms.Form):
    id_prefix = "table"
    name = forms.CharField(label=_("Naam"), max_length=150)
    kind = forms.ChoiceField(label=_("Soort tafel"), choices=TableKind.choices, widget=forms.RadioSelect)
    municipalities = NamedChoices(Municipality.objects.none(), label=_("Gemeenten"), required=False,
                                  widget=forms.CheckboxSelectMultiple,
                                  help_text=_("Voor een lokaal overleg: de gemeenten waarvoor het werkt. Leeg: de "
                                              "hele regio."))
    chair_organisation = NamedChoice(Organisation.objects.none(), label=_("Organisatie van de voorzitter"))
    chair_person = PersonChoice(User.objects.none(), label=_("Voorzitter (persoon)"), required=False,
                                help_text=_("Wie bij die organisatie voorzit; mag leeg blijven."))
    rhythm = forms.CharField(label=_("Ritme"), max_length=100, required=False,
                             help_text=_("Bijvoorbeeld: elke 4 weken, dinsdag."))
    hands_to = NamedChoices(Table.objects.none(), label=_("Draagt casussen over aan"), required=False,
                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, region, table=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.filter(region=region).order_by("name")
        # A retired organisation is not offered, unless it chairs this table already (its history stays).
        chair = Q(pk=table.chair_organisation_id) if table is not None else Q(pk__in=[])
        self.fields["chair_organisation"].queryset = Organisation.objects.filter(
            Q(active=True) | chair, region=region).order_by("name")
        self.fields["chair_person"].queryset = User.objects.filter(
            is_active=True, role_assignments__organisation__region=region).distinct().order_by("first_name",
                                                                                               "username")
        # Every table that weighs cases is offered (the service refuses itself and a cycle, saying why).
        self.fields["hands_to"].queryset = Table.objects.filter(region=region, retired_at__isnull=True,
                                                                kind__in=CASE_KINDS).order_by("name")


class SeatForm(OwnIds, forms.Form):
    id_prefix = "seat"
    organisation = NamedChoice(Organisation.objects.none(), label=_("Partner"))
    basis_kind = forms.ChoiceField(label=_("Soort grondslag"), choices=BasisKind.choices, widget=forms.RadioSelect,
                                   required=False)
    legal_basis = forms.CharField(label=_("Wet of convenant"), max_length=300, required=False,
                                  help_text=_("Bijvoorbeeld: Politiewet 2012, of Convenant Zorg- en Veiligheidshuis."))
    article = forms.CharField(label=_("Artikel"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("Geldig vanaf"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("Geldig tot en met"), required=False, widget=DATE,
                                  help_text=_("Leeg: tot wederopzegging."))
    covenant_document = forms.FileField(label=_("Ondertekend convenant (PDF, maximaal 10 MB)"), required=False)

    def __init__(self, *args, table, seat=None, **kwargs):
        super().__init__(*args, **kwargs)
        if seat is None:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                region_id=table.region_id, active=True).exclude(
                seats__table=table).order_by("name")
        else:
            del self.fields["organisation"]

    def clean_covenant_document(self):
        upload = self.cleaned_data.get("covenant_document")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("Het bestand is groter dan 10 MB."))
        head = upload.read(16)
        upload.seek(0)
        if sniff_type(head) != "application/pdf":
            raise ValidationError(_("Voeg het convenant toe als PDF-bestand."))
        return upload


class HandoverForm(OwnIds, forms.Form):
    id_prefix = "handover"
    to_table = NamedChoice(Table.objects.none(), label=_("Naar tafel"))
    reason = forms.CharField(label=_("Reden van de overdracht"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_table"].queryset = access.handover_targets(case)
