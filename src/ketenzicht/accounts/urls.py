from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen", views.login_view, name="login"),
    path("uitloggen", views.logout_view, name="logout"),
    path("sessie/verlengen", views.keep_alive, name="keep_alive"),
]
