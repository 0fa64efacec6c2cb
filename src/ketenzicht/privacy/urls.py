from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/toegangslog", views.access_log, name="log"),
    path("privacy/toegangslog.csv", views.access_log_csv, name="log_csv"),
    path("privacy/toegangslog/<int:entry_id>/beoordeling", views.review, name="review"),
    path("privacy/bewaartermijnen", views.retention_state, name="retention"),
    path("privacy/inzage", views.subject_request, name="subjects"),
    path("privacy/inzage/<uuid:pk>/correctie", views.subject_correction, name="subject_correction"),
    path("privacy/inzage/<slug:object_type>/<int:pk>/wissen", views.subject_erase, name="subject_erase"),
]
