from django.apps import AppConfig


class RouteConfig(AppConfig):
    name = "ketenzicht.route"
    verbose_name = "Route"
