"""discovery"""


def register() -> None:
    """Placeholder until the feature lands."""
