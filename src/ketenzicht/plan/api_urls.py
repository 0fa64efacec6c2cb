"""The API paths of this app, included by `api/urls.py`."""
urlpatterns = []
