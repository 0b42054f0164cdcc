"""Hardening of the action server's HTTP endpoint (rasa_sdk's Sanic app "rasa_sdk").

``rasa run actions`` creates its Sanic app, then imports this package: at that moment this
module adds to the app

* a refusal (415) of any request body with a ``Content-Encoding``, before rasa_sdk's
  handler would decompress it (a 97 kB deflate body grew the server by 200 MB): the Rasa
  server never compresses unless ``COMPRESS_ACTION_SERVER_REQUEST`` is set, which must
  stay unset;
* a body size limit, ``ACTION_MAX_BODY_BYTES`` (default 8 MB: the tracker and the domain
  of a long conversation fit).

The address it listens on is ``SANIC_HOST`` (rasa_sdk reads it; ops/settings.py's default
is 127.0.0.1, so only the Rasa server on the same machine reaches it).  Imported outside
that server (tests, scripts), it does nothing.
"""
from __future__ import annotations

import os
from typing import Optional

APP_NAME = "rasa_sdk"
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024


def refused_encoding(content_encoding: Optional[str]) -> bool:
    return (content_encoding or "identity").strip().lower() not in ("", "identity")


def install() -> bool:
    try:
        from sanic import Sanic, response
        from sanic.exceptions import PayloadTooLarge, SanicException
    except ImportError:
        return False
    try:
        app = Sanic.get_app(APP_NAME)
    except SanicException:
        return False
    if getattr(app.ctx, "kine_http_guard", False):
        return True
    app.ctx.kine_http_guard = True
    app.config.REQUEST_MAX_SIZE = int(os.environ.get("ACTION_MAX_BODY_BYTES") or DEFAULT_MAX_BODY_BYTES)

    async def refuse_compressed(request):  # type: ignore[no-untyped-def]
        if refused_encoding(request.headers.get("content-encoding")):
            return response.json({"error": "Compressed request bodies are refused."}, status=415)
        return None

    async def too_large(request, exception):  # type: ignore[no-untyped-def]
        # rasa_sdk's catch-all handler would turn it into a 500 (and try to echo the body).
        return response.json({"error": "Request body too large."}, status=413)

    app.register_middleware(refuse_compressed, "request")
    app.error_handler.add(PayloadTooLarge, too_large)
    return True
