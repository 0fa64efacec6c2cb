from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.home, name="home"),
    path("status", public_views.status, name="status"),
    path("regio/<slug:slug>", public_views.region_page, name="region"),
    path("regio/<slug:slug>/melden", public_views.report, name="report"),
    path("regio/<slug:slug>/melden/bedankt", public_views.thanks, name="thanks"),
]
