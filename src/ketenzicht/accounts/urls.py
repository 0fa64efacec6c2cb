from django.urls import path

from . import enrolment_views, users_views, views

app_name = "accounts"
urlpatterns = [
    path("inloggen", views.login_view, name="login"),
    path("uitloggen", views.logout_view, name="logout"),
    path("sessie/verlengen", views.keep_alive, name="keep_alive"),
    path("account", views.account_view, name="account"),
    path("uitnodiging/app", enrolment_views.enrol_device_view, name="enrol_device"),
    path("uitnodiging/<str:token>", enrolment_views.invitation_view, name="invitation"),
    path("wachtwoord-vergeten", enrolment_views.forgot_password_view, name="forgot_password"),
    path("wachtwoord-herstellen/<str:uid>/<str:token>", enrolment_views.password_reset_view, name="password_reset"),
    path("inrichting/<slug:region>/gebruikers", users_views.users_view, name="users"),
    path("inrichting/<slug:region>/gebruikers/uitnodigen", users_views.invite_view, name="invite"),
    path("inrichting/<slug:region>/gebruikers/<int:user>/deactiveren", users_views.deactivate_view,
         name="deactivate"),
    path("inrichting/<slug:region>/gebruikers/<int:user>/tweede-factor", users_views.reset_second_factor_view,
         name="reset_second_factor"),
    path("inrichting/<slug:region>/rollen/<int:assignment>/goedkeuren", users_views.approve_view, name="approve"),
    path("inrichting/<slug:region>/rollen/<int:assignment>/intrekken", users_views.withdraw_view, name="withdraw"),
]
