"""Who may do what with single sign-on. The region's provider and its group mappings are set up by
whoever administers the region (accounts.access.administers), with a second factor passed; nothing
here reads personal data."""
from ketenzicht.accounts import access as accounts_access


def configures(user, region) -> bool:
    return (user.is_authenticated and user.is_active and getattr(user, "is_verified", lambda: False)()
            and accounts_access.administers(user, region.pk))
