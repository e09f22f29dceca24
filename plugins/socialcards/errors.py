"""The one error this feature raises; its message names the file at fault."""


class SocialCardsError(Exception):
    """A font or source icon the build needs is missing or unreadable."""
