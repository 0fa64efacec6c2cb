from django.urls import path

from . import signalenkaart_views, views

app_name = "intake"
urlpatterns = [
    path("signalen", views.inbox, name="inbox"),
    path("signalen/nieuw", views.new_signal, name="new"),
    path("signalen/<uuid:pk>", views.detail, name="detail"),
    path("signalen/<uuid:pk>/informatie", views.add_note, name="note"),
    path("signalen/<uuid:pk>/koppelingen", views.link_signal, name="link"),
    path("signalen/<uuid:pk>/zelfde-persoon", views.link_person, name="link_person"),
    path("signalen/<uuid:pk>/terugkoppeling", views.give_feedback, name="feedback"),
    path("signalen/<uuid:pk>/acuut", views.set_acute, name="acute"),
    path("signalen/<uuid:pk>/stap", views.take_transition, name="transition"),
    path("signalen/<uuid:pk>/bijlagen", views.add_attachment, name="attach"),
    path("signalen/<uuid:pk>/bijlagen/<int:attachment_id>", views.download_attachment, name="attachment"),
    path("signalen/<uuid:pk>/zorgcoordinator", views.call_in_care, name="call_in_care"),
    path("signalen/<uuid:pk>/acute-route", views.acute_route, name="acute_route"),
    path("signalen/<uuid:pk>/acute-route/interventie", views.record_intervention, name="acute_record"),
    path("acute-route", views.acute_list, name="acute_list"),
    path("noodtoegang", views.break_glass, name="emergency"),
    path("inrichting/<slug:region>/signalenkaart", signalenkaart_views.overview, name="signalenkaart"),
    path("inrichting/<slug:region>/signalenkaart/<int:pk>", signalenkaart_views.indicator,
         name="signalenkaart_indicator"),
]
