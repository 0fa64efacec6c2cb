from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "ketenzicht.survey"
    verbose_name = "Medewerkerspeiling"
    default_auto_field = "django.db.models.BigAutoField"
