from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ketenzicht.notifications"
    verbose_name = "Berichten in de app"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ketenzicht.accounts import menu  # models load only now: Django's documented place for these imports

        from .services import unread

        menu.register("unread", lambda user: unread(user).count())
