"""The session cookie: set and cleared by the dashboard's own web server, read by the app.

Streamlit gives a script the cookies the browser sent (``st.context.cookies``) but no way to set one,
and a cookie set by the page's JavaScript could not be HttpOnly. So ``pressmon dashboard`` serves the
app as an ``st.App`` (``dashboard/serve.py``) with two routes of its own:

- ``/_pressmon/session?grant=…`` answers with ``Set-Cookie: pressmon_session=…; HttpOnly; SameSite=Lax``
  for a one-minute, single-use pass the app hands the browser right after a sign-in (as an image the
  page loads, so no script runs and the password never leaves the sign-in form);
- ``/_pressmon/signout`` clears the cookie (the sign-out itself is recorded in the audit log, which ends
  the session even where the cookie survives).

The cookie lasts as long as a session (``SESSION_TTL``, 8 hours) and is ``Secure`` when served over HTTPS.
"""

from __future__ import annotations

import logging
from functools import cache

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pipeline.review.auth import SESSION_TTL, redeem_grant, session_secret
from pipeline.settings import load_settings

log = logging.getLogger(__name__)

COOKIE = "pressmon_session"
SESSION_PATH = "/_pressmon/session"
SIGNOUT_PATH = "/_pressmon/signout"
# Passes already redeemed (nonce → expiry), in this process: the routes and the app share it.
_USED: dict[str, float] = {}


@cache
def secret() -> bytes:
    """The signing key (settings, or the key file in ``var_dir``), read once per process."""
    settings = load_settings()
    return session_secret(settings.session_secret, settings.var_dir)


def _empty() -> Response:
    # No content, never cached: the answer only carries its Set-Cookie header.
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


async def start_session(request: Request) -> Response:
    """Put the session token of a valid pass in the HttpOnly cookie."""
    token = redeem_grant(request.query_params.get("grant", ""), secret(), _USED)
    if token is None:
        log.info("refused a session pass (forged, expired or used)")
        return Response(status_code=403, headers={"Cache-Control": "no-store"})
    response = _empty()
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


async def end_session(request: Request) -> Response:
    """Clear the cookie."""
    response = _empty()
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )
    return response


ROUTES = [Route(SESSION_PATH, start_session), Route(SIGNOUT_PATH, end_session)]
