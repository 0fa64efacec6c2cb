from django.urls import path

from . import views

app_name = "wijzer"
urlpatterns = [
    path("regio/<slug:slug>/meldroute", views.guide, name="guide"),
    path("regio/<slug:slug>/meldroute/afdrukken", views.print_view, name="print"),
    path("regio/<slug:slug>/aandachtsfunctionarissen", views.directory, name="directory"),
    path("meldroute", views.internal, name="internal"),
    path("meldroute/<str:code>", views.internal_guide, name="internal_guide"),
    path("inrichting/<slug:region>/meldroute", views.setup, name="setup"),
    path("inrichting/<slug:region>/meldroute/teksten", views.setup_texts, name="setup_texts"),
    path("inrichting/<slug:region>/meldroute/contacten", views.setup_contacts, name="setup_contacts"),
    path("inrichting/<slug:region>/meldroute/aandachtsfunctionarissen", views.setup_liaisons, name="setup_liaisons"),
    path("inrichting/<slug:region>/meldroute/aandachtsfunctionarissen/<int:pk>", views.setup_liaison,
         name="setup_liaison"),
    path("inrichting/<slug:region>/meldroute/aandachtsfunctionarissen/<int:pk>/verwijderen", views.remove_liaison,
         name="remove_liaison"),
    path("inrichting/<slug:region>/meldroute/gemeenten/<str:code>", views.setup_internal_route,
         name="setup_internal_route"),
]
