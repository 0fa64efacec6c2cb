"""The region's dashboard, the monitor report and the downloads. Thin: parse the selection, ask the
policy what this user may see, compute through `figures`, render."""
import tempfile
from itertools import chain
from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.intake import access as intake_access
from ketenzicht.lib import csvexport, replica
from ketenzicht.privacy import audit

from . import access, charts, figures, htcds, report, tables
from .selection import NationalForm, selection_form


def _form(request, data=None):
    form = selection_form(request.user, request.GET if data is None else data)
    if not form.regions:
        raise Http404
    return form


def _threshold(user, selection):
    """None for users who see small counts (exact figures), else the region's threshold (rounded)."""
    region = selection.region
    return None if access.sees_small_counts(user, region) else region.suppression_threshold


def _link(user, selection, row, municipalities):
    """The list behind a number, if the policy lets the user see exactly that list."""
    if row.link is None or not selection.only_place_and_time:
        return None
    codes = {m.cbs_code: m.pk for m in municipalities}
    code = row.link.get("municipality") or (selection.municipality and selection.municipality.cbs_code)
    if not code or not intake_access.lists_behind(user, [codes[code]]):
        return None
    if row.link.get("status") == "overdue":  # a state of today, not of the period
        params = {"status": "overdue", "municipality": code}
    else:
        params = {"status": "all", "from": selection.start.isoformat(), "to": selection.end.isoformat(),
                  "municipality": code, **({"month": row.link["month"]} if "month" in row.link else {})}
    return f"{reverse('intake:inbox')}?{urlencode(params)}"


def _listed(table):
    """The positions of a row's cells that count exactly its list behind (every signal of the row):
    its total, or its one count where there is no total. Not a form's, a year earlier's, a rate or
    a count of people: their list would show more or other signals than the number says."""
    if table.has_total_column:
        return [len(table.columns)]
    totalled = table.totalled
    return [table.columns.index(totalled[0])] if len(totalled) == 1 else []


def _sections(user, selection, keys=figures.DASHBOARD):
    threshold = _threshold(user, selection)
    municipalities = list(selection.region.municipalities.all())
    for published in figures.publish(selection, keys, threshold=threshold):
        table = published.table
        rows = []
        listed = _listed(table)
        for row, cells in published.rows:
            link = _link(user, selection, row, municipalities)
            if link:
                for position in listed:
                    if not cells[position].hidden and cells[position].value is not None:
                        cells[position].link = link
            rows.append((row, cells))
        yield tables.section(published, charts.draw(published), rows)


@verified_login_required
@replica.from_replica
def dashboard(request):
    form = _form(request)
    context = {"form": form}
    if form.is_valid():
        selection = form.selection()
        sections = list(_sections(request.user, selection))
        by_key = {s["table"].key: s for s in sections}
        threshold = _threshold(request.user, selection)
        context.update(selection=selection, sections=sections, query=urlencode(selection.query()),
                       threshold=threshold, rounding=_rounding_example(threshold),
                       headline=_headline(by_key), htcds=access.exports_htcds(request.user, selection.region))
    return render(request, "insights/dashboard.html", context, status=400 if form.errors else 200)


@verified_login_required
@replica.from_replica
def figure(request, key):
    """One figure that the dashboard leaves out because it reads every signal of the period
    (`figures.ON_REQUEST`), on a page of its own with the same filters."""
    if key not in figures.ON_REQUEST:
        raise Http404
    form = _form(request)
    context = {"form": form}
    if form.is_valid():
        selection = form.selection()
        context.update(selection=selection, sections=list(_sections(request.user, selection, [key])),
                       query=urlencode(selection.query()), threshold=(threshold := _threshold(request.user, selection)),
                       rounding=_rounding_example(threshold))
    return render(request, "insights/figure.html", context, status=400 if form.errors else 200)


@verified_login_required
@replica.from_replica
def national(request):
    """The national view (national analysts only): every region's published figures side by side,
    with the map of the regions, for a whole calendar period that has ended."""
    if not access.sees_national(request.user):
        raise Http404
    form = NationalForm(request.GET, regions=list(access.figure_regions(request.user)))
    context = {"form": form}
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        published = figures.publish_national(start, end)
        context.update(section=tables.section(published, charts.draw(published)),
                       start=start, end=end, threshold=published.threshold,
                       rounding=_rounding_example(published.threshold))
    return render(request, "insights/national.html", context, status=400 if form.errors else 200)


def _rounding_example(threshold):
    """The numbers of the note that explains rounding (for 5: "10 stands for 10 to 14, <5 for 0 to 4")."""
    return threshold and {"example": 2 * threshold, "example_end": 3 * threshold - 1, "below": threshold - 1}


def _headline(by_key):
    """The numbers asked most, from the figures' own cells."""
    def cell(key, row_key):
        for row, cells in by_key[key]["rows"]:
            if row.key == row_key:
                return cells[0]
    return [(_("Signalen"), cell("people", "signals")), (_("Mogelijke slachtoffers (personen)"), cell("people", "persons")),
            (_("Casussen over hun termijn"), cell("overdue", "cases")),
            (_("Open signalen over hun termijn"), cell("overdue", "signals"))]


@verified_login_required
@replica.from_replica
def figure_csv(request, key):
    """One figure as CSV: always the published (suppressed) figures."""
    if key not in figures.FIGURES:
        raise Http404
    form = _form(request)
    if not form.is_valid():
        return HttpResponse(_errors_text(form), status=400, content_type="text/plain; charset=utf-8")
    selection = form.selection()
    published = figures.publish(selection, [key], selection.region.suppression_threshold)[0]
    audit.record(request.user, "figures_export", "figure", key, region=selection.region.pk, **_detail(selection))

    def lines():
        yield [published.table.row_header] + published.header
        for row, cells in published.rows:
            yield [row.label] + [_csv_value(c) for c in cells]
        if published.totals:
            yield [_("Totaal")] + [_csv_value(c) for c in published.totals]

    # Dutch Excel: ";" between fields and a decimal comma; UTF-8 with a byte order mark so it reads "ë".
    response = StreamingHttpResponse(chain(["\ufeff"], csvexport.lines(lines(), delimiter=";")),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{selection.region.slug}-{key}.csv"'
    return response


def _errors_text(form):
    """The form's errors as lines, each under its field's label, as the page names them."""
    return "\n".join(f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
                     for name, errors in form.errors.items() for error in errors) + "\n"


def _csv_value(cell):
    """A cell for the CSV: hidden as its mark, numbers with a decimal comma (";" separates fields)."""
    if cell.hidden or cell.value is None:
        return cell.text if cell.hidden else ""
    return str(cell.value).replace(".", ",") if isinstance(cell.value, float) else cell.value


def _detail(selection):
    return {"from": selection.start.isoformat(), "to": selection.end.isoformat()}


@verified_login_required
@replica.from_replica
def monitor(request):
    """The periodic monitor: choose a period, download it as PDF or Excel."""
    form = _form(request)
    valid = form.is_valid()
    return render(request, "insights/monitor.html", {
        "form": form, "selection": form.selection() if valid else None,
        "query": urlencode(form.selection().query()) if valid else ""}, status=400 if form.errors else 200)


@verified_login_required
@replica.from_replica
def monitor_download(request, fmt):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    form = _form(request)
    if not form.is_valid():
        return render(request, "insights/monitor.html", {"form": form}, status=400)
    selection = form.selection()
    content = report.Monitor(selection)
    audit.record(request.user, "figures_export", "monitor", fmt, region=selection.region.pk, **_detail(selection))
    query = selection.query()  # the filters beyond region and period name the file too
    narrowed = [slugify(value) for key, value in query.items() if key not in ("region", "from", "to")]
    name = "-".join(["monitor", selection.region.slug, *narrowed, selection.start.isoformat(), selection.end.isoformat()])
    # Written to a temporary file and sent from it in blocks (closed, and so removed, when sent):
    # the worker holds neither the document nor a copy of it in memory.
    file = tempfile.TemporaryFile()
    (content.write_pdf if fmt == "pdf" else content.write_xlsx)(file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=f"{name}.{fmt}", content_type=(
        "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))


@verified_login_required
def htcds_csv(request):
    form = _form(request)
    if not form.is_valid():
        return HttpResponse(_errors_text(form), status=400, content_type="text/plain; charset=utf-8")
    selection = form.selection()
    if not access.exports_htcds(request.user, selection.region):
        raise Http404
    records = htcds.export(request.user, selection)
    response = StreamingHttpResponse(csvexport.lines(htcds.as_rows(records)), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="htcds-{selection.region.slug}-{stamp}.csv"'
    return response
