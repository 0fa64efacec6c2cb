from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("cijfers", views.dashboard, name="dashboard"),
    path("cijfers/landelijk", views.national, name="national"),
    path("cijfers/monitor", views.monitor, name="monitor"),
    path("cijfers/monitor.<str:fmt>", views.monitor_download, name="monitor_download"),
    path("cijfers/htcds.csv", views.htcds_csv, name="htcds"),
    path("cijfers/<slug:key>.csv", views.figure_csv, name="csv"),
    path("cijfers/<slug:key>", views.figure, name="figure"),
]
