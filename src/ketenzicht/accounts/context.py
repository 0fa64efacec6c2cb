"""Template context for the navigation: which menu entries this user is offered, as values (`nav`)
and as the menu's links with the current page marked (`menu`)."""
from . import menu


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav": None, "menu": []}
    values = menu.navigation(user)
    return {"nav": values, "menu": menu.links(values, request.path)}
