"""Template context for the navigation: which menu entries this user is offered."""
from . import menu


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav": None}
    return {"nav": menu.navigation(user)}
