from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ketenzicht.notifications"
    verbose_name = "Berichten in de app"
    default_auto_field = "django.db.models.BigAutoField"
