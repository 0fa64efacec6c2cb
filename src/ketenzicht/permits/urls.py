from django.urls import path

from . import views

app_name = "permits"
urlpatterns = [
    path("vergunningen", views.register, name="register"),
    path("vergunningen/nieuw", views.new_permit, name="new"),
    path("vergunningen/maxima", views.maxima, name="maxima"),
    path("vergunningen/<int:pk>", views.permit_detail, name="detail"),
    path("vergunningen/<int:pk>/wijzigen", views.change_permit, name="change"),
    path("vergunningen/<int:pk>/beeindigen", views.end_permit, name="end"),
    path("bibob", views.bibob_list, name="bibob"),
    path("bibob/nieuw", views.new_bibob, name="bibob_new"),
    path("bibob/<int:pk>", views.bibob_detail, name="bibob_detail"),
    path("bibob/<int:pk>/wijzigen", views.change_bibob, name="bibob_change"),
]
