"""The public front door: information, the citizen's form and the receipt-code status page."""
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ketenzicht.accounts import menu
from ketenzicht.ratelimit import rate_limited
from ketenzicht.regions.models import Region

from . import receipts, services
from .forms import PublicSignalForm, ReceiptForm


def home(request):
    """The public front page; a signed-in professional goes to where their work starts."""
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(menu.start_page(request.user))
    region = Region.objects.filter(slug=settings.KETENZICHT_DEFAULT_REGION).first() or Region.objects.first()
    if region is None:
        return render(request, "public/empty.html")
    return region_page(request, region.slug)


def region_page(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(request, "public/region.html", {"region": region, "regions": Region.objects.all()})


def report(request, slug):
    region = get_object_or_404(Region, slug=slug)
    form = PublicSignalForm(request.POST or None, region=region)
    status = 200
    if request.method == "POST":
        if rate_limited(request, "public", settings.KETENZICHT_PUBLIC_RATE):
            form.add_error(None, _("Er zijn te veel meldingen verstuurd vanaf dit adres. Wacht een minuut en "
                                   "probeer het opnieuw; uw tekst staat nog in het formulier."))
            status = 429
        elif form.is_valid():
            signal, code = services.submit_public(form.cleaned_data)
            return receipts.keep(redirect("public:thanks", slug=region.slug), code, signal)
        else:
            status = 400
    return render(request, "public/report.html", {"region": region, "form": form}, status=status)


@never_cache  # it shows the receipt code: no browser or proxy may keep it
def thanks(request, slug):
    region = get_object_or_404(Region, slug=slug)
    code = receipts.take(request)
    if code is None:
        return redirect("public:region", slug=region.slug)
    return receipts.shown(render(request, "public/thanks.html", {"region": region, "code": code}))


@never_cache  # the status of a report and the feedback on it are for whoever holds the code, now
def status(request):
    form = ReceiptForm(request.POST or None)
    signal = None
    code = 200
    if request.method == "POST":
        if rate_limited(request, "receipt", settings.KETENZICHT_PUBLIC_RATE * 3):
            form.add_error(None, _("Te veel pogingen vanaf dit adres. Wacht een minuut."))
            code = 429
        elif form.is_valid():
            signal = services.find_by_receipt(form.cleaned_data["receipt_code"])
            if signal is None:
                form.add_error("receipt_code", _("Wij kennen deze ontvangstcode niet. Controleer de code."))
                code = 404
        else:
            code = 400
    context = {"form": form, "signal": signal}
    if signal is not None:
        route = signal.route.route
        context.update(status_label=route.public_statuses.get(signal.public_status, signal.public_status),
                       feedback=signal.feedback.all())
    return render(request, "public/status.html", context, status=code)
