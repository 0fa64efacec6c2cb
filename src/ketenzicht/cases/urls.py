from django.urls import path

from . import table_views, views

app_name = "cases"
urlpatterns = [
    path("casussen", views.case_list, name="list"),
    path("casussen/<uuid:pk>", views.detail, name="detail"),
    path("casussen/<uuid:pk>/stap", views.take_transition, name="transition"),
    path("casussen/<uuid:pk>/sporen/<int:track_id>/voortgang", views.report_progress, name="progress"),
    path("casussen/<uuid:pk>/sporen/<int:track_id>/sluiten", views.close_track, name="close_track"),
    path("casussen/<uuid:pk>/sporen/<int:track_id>/taken", views.add_task, name="add_task"),
    path("casussen/<uuid:pk>/spoedoverleg", views.call_consultation, name="consult"),
    path("casussen/<uuid:pk>/spoedoverleg/<int:consultation_id>/antwoord", views.reply_consultation, name="reply"),
    path("taken", views.my_tasks, name="tasks"),
    path("taken/sporen", views.my_tracks, name="tracks"),
    path("taken/<int:task_id>/afgerond", views.complete_task, name="complete_task"),
    path("tafels/<int:pk>", views.table, name="table"),
    path("tafels/<int:pk>/overleggen", views.table_meetings, name="table_meetings"),
    path("overleggen/<int:pk>", views.meeting, name="meeting"),
    path("casussen/<uuid:pk>/overdragen", table_views.hand_over, name="hand_over"),
    path("inrichting/<slug:region>/tafels", table_views.setup_tables, name="setup_tables"),
    path("inrichting/<slug:region>/tafels/<int:pk>", table_views.setup_table, name="setup_table"),
    path("inrichting/<slug:region>/tafels/<int:pk>/opheffen", table_views.retire_table, name="retire_table"),
    path("inrichting/<slug:region>/tafels/<int:pk>/plaatsen", table_views.add_seat, name="add_seat"),
    path("inrichting/<slug:region>/tafels/<int:pk>/plaatsen/<int:seat_id>", table_views.setup_seat,
         name="setup_seat"),
    path("inrichting/<slug:region>/tafels/<int:pk>/plaatsen/<int:seat_id>/convenant", table_views.covenant,
         name="covenant"),
]
