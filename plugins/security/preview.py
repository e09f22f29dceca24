"""What the live preview (`invoke serve`) needs from the policy.

livereload inserts one inline script into every page it serves; that script
loads /livereload.js from the same origin, which opens a WebSocket back to it.
'self' covers both, but the inline script needs its hash. Preview builds allow
that one script, and nothing else, so the preview enforces the same policy as
the published site. The test in tests/test_security_preview.py fetches a page
from a real livereload server and fails if this text no longer matches.
"""

from __future__ import annotations

from typing import Any

# livereload 2.7 (server.py, Server.application), with no separate liveport.
LIVERELOAD_SNIPPET = (
    "(function(){"
    'var s=document.createElement("script");'
    "var port=(window.location.port || "
    "(window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port'
    '+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);"
    "})();"
)

# Settings overrides for a preview build: build_site(..., PREVIEW_OVERRIDES).
PREVIEW_OVERRIDES: dict[str, Any] = {"SECURITY_INLINE_SCRIPTS": (LIVERELOAD_SNIPPET,)}
