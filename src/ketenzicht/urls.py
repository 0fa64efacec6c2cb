from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy
from django_otp.admin import OTPAdminSite

from ketenzicht.accounts.views import admin_login
from ketenzicht.api import handlers

admin.site.__class__ = OTPAdminSite  # the admin, too, needs the second factor
admin.site.site_header = admin.site.site_title = "Ketenzicht beheer"
admin.site.index_title = gettext_lazy("Beheer van het platform")
admin.site.login = admin_login  # one login page, with the second factor, for everyone

urlpatterns = [
    path("api/v1/", include("ketenzicht.api.urls")),
    re_path(r"^api/", handlers.not_found),
    path("beheer/", admin.site.urls),
    path("taal/", include("django.conf.urls.i18n")),
    path("", include("ketenzicht.ops.urls")),
    path("", include("ketenzicht.accounts.urls")),
    path("", include("ketenzicht.intake.urls")),
    path("", include("ketenzicht.linkage.urls")),
    path("", include("ketenzicht.imports.urls")),
    path("", include("ketenzicht.privacy.urls")),
    path("", include("ketenzicht.cases.urls")),
    path("", include("ketenzicht.care.urls")),
    path("", include("ketenzicht.permits.urls")),
    path("", include("ketenzicht.wijzer.urls")),
    path("", include("ketenzicht.approach.urls")),
    path("", include("ketenzicht.measures.urls")),
    path("", include("ketenzicht.inspections.urls")),
    path("", include("ketenzicht.prevention.urls")),
    path("", include("ketenzicht.survey.urls")),
    path("", include("ketenzicht.costs.urls")),
    path("", include("ketenzicht.plan.urls")),
    path("", include("ketenzicht.notifications.urls")),
    path("", include("ketenzicht.insights.urls")),
    path("", include("ketenzicht.setup.urls")),
    path("", include("ketenzicht.sso.urls")),
    path("", include("ketenzicht.jobs.urls")),
    path("", include("ketenzicht.webhooks.urls")),
    path("", include("ketenzicht.intake.public_urls")),
]

handler400 = handlers.bad_request
handler500 = handlers.server_error
