from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    path("inloggen/organisatie", views.choose, name="choose"),
    path("sso/<slug:region>/start", views.StartView.as_view(), name="start"),
    path("sso/terugkeer", views.CallbackView.as_view(), name="callback"),
    path("sso/code", views.code, name="code"),
    path("inrichting/<slug:region>/inloggen", views.settings_page, name="settings"),
]
