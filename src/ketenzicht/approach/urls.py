from django.urls import path

from . import views

app_name = "approach"
urlpatterns = [
    path("basisniveau", views.index, name="index"),
    path("basisniveau/<slug:region>", views.overview, name="overview"),
    path("basisniveau/<slug:region>/<str:code>", views.municipality, name="municipality"),
    path("basisniveau/<slug:region>/<str:code>/criterium/<slug:criterion>", views.assess, name="assess"),
    path("basisniveau/<slug:region>/<str:code>/criterium/<slug:criterion>/bewijs", views.evidence, name="evidence"),
    path("basisniveau/<slug:region>/<str:code>/instrument/<int:pk>", views.presence, name="presence"),
    path("inrichting/<slug:region>/basisniveau", views.setup_criteria, name="setup_criteria"),
    path("inrichting/<slug:region>/basisniveau/<int:pk>", views.setup_criterion, name="setup_criterion"),
    path("inrichting/<slug:region>/barrieremodel", views.setup_instruments, name="setup_instruments"),
    path("inrichting/<slug:region>/barrieremodel/<int:pk>", views.setup_instrument, name="setup_instrument"),
]
