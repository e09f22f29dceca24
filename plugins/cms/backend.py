"""The `CMS` setting: where the CMS saves, and so which origins it talks to.

Read here once, for both plugins/cms (the `backend` part of config.yml) and
plugins/security (the admin page's connect-src), so the policy is derived
from the setting and never written by hand. No Pelican imports.

A development build (`local_backend_port` set) points Decap at decap-server on
this machine, which writes files in place and supports only simple publishing;
a production build (`local_backend_port: None`, publishconf.py) saves to the
GitHub repository through its API, with `publish_mode`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

KEYS = ("repo", "branch", "base_url", "local_backend_port", "publish_mode")
PUBLISH_MODES = ("simple", "editorial_workflow")
GITHUB_API = "https://api.github.com"
# Decap uses its local backend only from a page served on localhost.
LOCAL_HOST = "localhost"
_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")


class CmsSettingsError(ValueError):
    """The CMS setting is malformed; the message names each problem."""


@dataclass(frozen=True)
class CmsSettings:
    repo: str  # owner/name on GitHub
    branch: str
    base_url: str  # the OAuth relay for GitHub logins; "" for none
    local_backend_port: int | None
    publish_mode: str

    @property
    def local(self) -> bool:
        return self.local_backend_port is not None

    @property
    def local_origin(self) -> str:
        return f"http://{LOCAL_HOST}:{self.local_backend_port}"


def parse_cms(value: Any) -> CmsSettings:
    """The CMS setting, checked; raises CmsSettingsError listing every problem."""
    if value is None:
        raise CmsSettingsError(
            f"CMS: not set; pelicanconf.py must define it, a dict of {', '.join(KEYS)}"
        )
    if not isinstance(value, Mapping):
        raise CmsSettingsError(f"CMS: expected a dict of {', '.join(KEYS)}")
    problems = [
        f"CMS: unknown key {key!r}; the keys are {', '.join(KEYS)}"
        for key in value
        if key not in KEYS
    ]
    problems += [f"CMS: {key!r} is missing" for key in KEYS if key not in value]
    if problems:
        raise CmsSettingsError("\n".join(problems))
    repo, branch, base_url = value["repo"], value["branch"], value["base_url"]
    port, mode = value["local_backend_port"], value["publish_mode"]
    if not isinstance(repo, str) or not _REPO.match(repo):
        problems.append(f"CMS: repo: expected owner/name on GitHub; found {repo!r}")
    if not isinstance(branch, str) or not branch.strip() or " " in branch:
        problems.append(f"CMS: branch: expected a branch name; found {branch!r}")
    if not isinstance(base_url, str) or (base_url and not _is_https_origin(base_url)):
        problems.append(
            'CMS: base_url: expected "" or an https:// address with no path; '
            f"found {base_url!r}"
        )
    if port is not None and (
        isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536
    ):
        problems.append(
            f"CMS: local_backend_port: expected a port number or None; found {port!r}"
        )
    if mode not in PUBLISH_MODES:
        problems.append(
            f"CMS: publish_mode: expected one of {', '.join(PUBLISH_MODES)}; "
            f"found {mode!r}"
        )
    if problems:
        raise CmsSettingsError("\n".join(problems))
    return CmsSettings(repo, branch, base_url.rstrip("/"), port, mode)


def _is_https_origin(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and bool(parts.netloc)
        and parts.path in ("", "/")
        and not (parts.query or parts.fragment)
    )


def backend_config(cms: CmsSettings) -> dict[str, Any]:
    """The top-level `backend`, `local_backend` and `publish_mode` of config.yml."""
    backend: dict[str, Any] = {"name": "github", "repo": cms.repo, "branch": cms.branch}
    if cms.base_url:
        backend["base_url"] = cms.base_url
    config: dict[str, Any] = {"backend": backend}
    if cms.local:
        config["local_backend"] = {"url": f"{cms.local_origin}/api/v1"}
        # decap-server's file-system mode has no editorial workflow.
        config["publish_mode"] = "simple"
    else:
        config["publish_mode"] = cms.publish_mode
    return config


def connect_sources(cms: CmsSettings) -> tuple[str, ...]:
    """The origins the admin page sends requests to, besides its own."""
    if cms.local:
        return (cms.local_origin,)
    if cms.base_url:
        parts = urlsplit(cms.base_url)
        return (GITHUB_API, f"{parts.scheme}://{parts.netloc}")
    return (GITHUB_API,)
