from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("signalen/<uuid:pk>/personen", views.signal_page, name="signal"),
    path("signalen/<uuid:pk>/personen/<int:person>", views.person_page, name="person"),
    path("signalen/<uuid:pk>/netwerk", views.network_page, name="network"),
    path("zorg/<uuid:pk>/identificatie", views.trajectory_page, name="trajectory"),
    path("mogelijke-matches/<int:pk>", views.decide, name="decide"),
]
