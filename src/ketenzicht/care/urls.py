from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("zorg", views.register, name="register"),
    path("zorgoverleg", views.care_meeting, name="meeting"),
    path("zorg/nieuw", views.new_trajectory, name="new"),
    path("zorg/<uuid:pk>", views.detail, name="detail"),
    path("zorg/<uuid:pk>/fase", views.set_phase, name="phase"),
    path("zorg/<uuid:pk>/afspraken", views.add_note, name="note"),
    path("zorg/<uuid:pk>/toestemming", views.record_consent, name="consent"),
    path("zorg/<uuid:pk>/bedenktijd", views.set_reflection, name="reflection"),
    path("zorg/<uuid:pk>/plaatsing", views.place, name="place"),
    path("zorg/<uuid:pk>/overdracht", views.hand_over, name="hand_over"),
    path("zorg/<uuid:pk>/slapend", views.make_dormant, name="dormant"),
    path("zorg/<uuid:pk>/verwijzing", views.refer, name="refer"),
    path("zorg/<uuid:pk>/samenvatting", views.share_summary, name="summary"),
    path("verwijzingen/<int:referral_id>/antwoord", views.answer_referral, name="answer_referral"),
    path("zorg/<uuid:pk>/heropenen", views.reopen, name="reopen"),
    path("zorg/<uuid:pk>/afsluiten", views.close, name="close"),
    path("zorg/<uuid:pk>/toestemming/<int:consent_id>/intrekking", views.withdraw_consent, name="withdraw"),
    path("zorg/<uuid:pk>/plaatsing/<int:placement_id>/einde", views.end_placement, name="end_placement"),
    path("opvangplekken", views.shelter_places, name="places"),
]
