"""The browser CMS at /admin/ (Decap CMS): its page, its config, its files."""


def register() -> None:
    # Imported only when Pelican registers the plugin: plugins/security and
    # plugins/sitebuild read this package's pure modules (backend, layout)
    # without loading the plugin, which itself needs plugins/security.
    from .plugin import register as connect

    connect()


__all__ = ["register"]
