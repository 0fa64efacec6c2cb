from django.urls import path

from . import views

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
    path("taken/<int:task_id>/afgerond", views.complete_task, name="complete_task"),
    path("tafels/<int:pk>", views.table, name="table"),
    path("overleggen/<int:pk>", views.meeting, name="meeting"),
]
