"""Template context for the navigation: which menu items the policy offers this user."""
from ketenzicht.notifications.services import unread
from ketenzicht.privacy import policy


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav": None}
    return {"nav": policy.navigation(user), "unread_notifications": unread(user).count()}
