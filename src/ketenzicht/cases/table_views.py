"""The set-up pages for a region's tables and seats (`/inrichting/<region>/tafels`), and the chair's
button to hand a case on. Thin: the region's administrator is checked by cases.access, every
change is a service call in cases.tables or cases.handovers; an error keeps what was typed."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.errors import DomainError
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import audit, policy
from ketenzicht.regions.models import Region

from . import access, handovers, tables
from .models import Case, Table
from .table_forms import HandoverForm, SeatForm, TableForm
from .views import render_detail


def _region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.sets_up_tables(request.user, region):
        raise PermissionDenied("setup_tables")
    return region


def _table(region, pk):
    table = Table.objects.filter(region=region, pk=int_or_none(pk)).first()
    if table is None:
        raise Http404
    return table


def _seat(table, pk):
    seat = table.seats.select_related("organisation").filter(pk=int_or_none(pk)).first()
    if seat is None:
        raise Http404
    return seat


def _seat_args(data):
    """A seat form's data as the seat services take it: the signed covenant as `document`."""
    data = dict(data)
    data["document"] = data.pop("covenant_document")
    return data


@verified_login_required
def setup_tables(request, region):
    """The region's tables, and a form for a new one."""
    region = _region(request, region)
    form = TableForm(request.POST or None, region=region)
    if request.method == "POST" and attempt(form, lambda data: tables.create_table(request.user, region, **data)):
        messages.success(request, _("Tafel ingericht."))
        return redirect("cases:setup_tables", region.slug)
    listed = Table.objects.filter(region=region).select_related("chair_organisation").prefetch_related(
        "hands_to", "municipalities").order_by("retired_at", "name")
    return render(request, "cases/setup_tables.html", {"region": region, "tables": listed, "form": form},
                  status=400 if form.errors else 200)


def _table_page(request, region, table, form=None, seat_form=None, status=200):
    return render(request, "cases/setup_table.html", {
        "region": region, "table": table,
        "form": form or TableForm(region=region, table=table, initial={
            "name": table.name, "kind": table.kind, "municipalities": table.municipalities.all(),
            "chair_organisation": table.chair_organisation_id, "chair_person": table.chair_person_id,
            "rhythm": table.rhythm, "hands_to": table.hands_to.all()}),
        "seats": table.seats.select_related("organisation").order_by("organisation__name"),
        "seat_form": seat_form or SeatForm(table=table),
    }, status=status)


@verified_login_required
def setup_table(request, region, pk):
    """One table: its particulars (to change), its seats, a form for a new seat."""
    region = _region(request, region)
    table = _table(region, pk)
    if request.method != "POST":
        return _table_page(request, region, table)
    form = TableForm(request.POST, region=region, table=table)
    if attempt(form, lambda data: tables.update_table(request.user, table, **data)):
        messages.success(request, _("Tafel bijgewerkt."))
        return redirect("cases:setup_table", region.slug, table.pk)
    return _table_page(request, region, table, form=form, status=400)


@verified_login_required
@require_POST
def retire_table(request, region, pk):
    region = _region(request, region)
    table = _table(region, pk)
    try:
        tables.retire_table(request.user, table)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tafel opgeheven; haar geschiedenis blijft."))
    return redirect("cases:setup_table", region.slug, table.pk)


@verified_login_required
@require_POST
def add_seat(request, region, pk):
    region = _region(request, region)
    table = _table(region, pk)
    form = SeatForm(request.POST, request.FILES, table=table)
    if attempt(form, lambda data: tables.add_seat(request.user, table, **_seat_args(data))):
        messages.success(request, _("Plaats aan tafel toegevoegd."))
        return redirect("cases:setup_table", region.slug, table.pk)
    return _table_page(request, region, table, seat_form=form, status=400)


@verified_login_required
def setup_seat(request, region, pk, seat_id):
    """One seat: its legal basis renewed, corrected or ended."""
    region = _region(request, region)
    table = _table(region, pk)
    seat = _seat(table, seat_id)
    form = SeatForm(request.POST or None, request.FILES or None, table=table, seat=seat, initial={
        "basis_kind": seat.basis_kind, "legal_basis": seat.legal_basis, "article": seat.article,
        "valid_from": seat.valid_from, "valid_until": seat.valid_until})
    if request.method == "POST" and attempt(form, lambda data: tables.update_seat(request.user, seat,
                                                                                  **_seat_args(data))):
        messages.success(request, _("Grondslag bijgewerkt."))
        return redirect("cases:setup_table", region.slug, table.pk)
    return render(request, "cases/setup_seat.html", {"region": region, "table": table, "seat": seat, "form": form},
                  status=400 if form.errors else 200)


@verified_login_required
def covenant(request, region, pk, seat_id):
    """The signed covenant of a seat, for the region's administrator; the download is logged."""
    region = _region(request, region)
    seat = _seat(_table(region, pk), seat_id)
    if not seat.covenant_document:
        raise Http404
    audit.record(request.user, "download", "covenant", seat.pk, region=region.pk)
    return FileResponse(seat.covenant_document.open("rb"), as_attachment=True,
                        filename=f"convenant-{seat.organisation.name}.pdf", content_type="application/pdf")


@verified_login_required
@require_POST
def hand_over(request, pk):
    """The chair hands the case on; she no longer sees it after, so she lands on her table."""
    case = policy.open(request.user, Case, pk)
    from_table = case.table
    form = HandoverForm(request.POST, case=case)
    version = int_or_none(request.POST.get("version"))
    if attempt(form, lambda data: handovers.hand_over(request.user, case, expected_version=version, **data)):
        messages.success(request, _("Casus %(reference)s overgedragen aan %(table)s.") % {
            "reference": case.reference, "table": form.cleaned_data["to_table"].name})
        return redirect("cases:table", from_table.pk)
    return render_detail(request, case, handover_form=form, status=400)
