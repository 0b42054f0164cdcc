"""nginx in front of the Rasa instances and the action server: its configuration, rendered from
ops/templates/nginx.conf, and the process.  What the configuration does is said at the top of
the template."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import signal
import time
from pathlib import Path
from typing import Dict, List, Sequence

from bot.service_status import ACTIONS_UNAVAILABLE
from bot.service_status import TOO_MANY as TOO_MANY_TEXT
from ops.stack.services import Server, port_open, traversable, world_readable

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "nginx.conf"
# The action server's reply nginx sends while it is down: bot/service_status.py's apology.
ACTIONS_DOWN_REPLY = json.dumps({"events": [], "responses": [{"text": ACTIONS_UNAVAILABLE}]}, ensure_ascii=False)


TOO_MANY = json.dumps({"error": TOO_MANY_TEXT}, ensure_ascii=False)
REST_UNAUTHORISED = ('{"error": "Jeton d\'accès absent ou faux : ce point d\'accès est réservé aux serveurs '
                     'autorisés (en-tête Authorization: Bearer)."}')


def inline_script_hashes(page: Path) -> List[str]:
    """CSP source expressions ('sha256-…') of the inline scripts of a page."""
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'" for s in scripts]


def content_security_policy(site: Path) -> str:
    """The demo page's policy: its own files only, its inline settings script by hash, no framing by others."""
    scripts = " ".join(["'self'", *inline_script_hashes(site / "index.html")])
    return (f"default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'")


# Seconds nginx leaves an instance aside after a failed connection.  Short, so that an instance
# that restarted gets messages again at once: a rolling restart (ops/stack/serve.py) waits this long more
# before stopping the next one, otherwise nginx could see none alive.
UPSTREAM_FAIL_TIMEOUT = 2


def render(template: str, values: Dict[str, object]) -> str:
    """``template`` with each ``{{ name }}`` replaced by ``values[name]``; a name without a value, or a
    value without its name, is an error (nginx's own ``$variables`` and braces are left alone)."""
    used = set()

    def value(match: "re.Match[str]") -> str:
        used.add(match.group(1))
        return str(values[match.group(1)])
    text = re.sub(r"\{\{ (\w+) \}\}", value, template)
    if used != set(values):
        raise KeyError(f"not in the template: {sorted(set(values) - used)}")
    return text


def nginx_conf(prefix: Path, listen_port: int, rasa_ports: Sequence[int], action_port: int,
               actions_proxy_port: int, allowed_origins: Sequence[str], site: Path, widget: Path,
               rest_token: str = "", telegram_secret: str = "") -> str:
    """The nginx configuration of the served set-up (ops/templates/nginx.conf)."""
    origins = {f"http://localhost:{listen_port}", f"http://127.0.0.1:{listen_port}", *allowed_origins}
    # Secrets go in this file (mode 0600), never on a command line. No token configured: REST refused.
    template = TEMPLATE.read_text(encoding="utf-8")
    return render(template, {
        "prefix": prefix, "listen_port": listen_port, "action_port": action_port,
        "actions_proxy_port": actions_proxy_port, "site": site, "widget": widget,
        "origin_map": "\n".join(f'        "{o.rstrip("/")}" 1;' for o in sorted(origins) if o),
        "servers": "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout={UPSTREAM_FAIL_TIMEOUT}s;"
                             for p in rasa_ports),
        "rest_match": f'        "Bearer {rest_token}" 1;' if rest_token else "",
        "telegram_match": f'        "{telegram_secret}" 1;' if telegram_secret else "",
        "csp": content_security_policy(site),
        "too_many": TOO_MANY,
        "unauthorised": REST_UNAUTHORISED.replace("'", "\\'"),
        "reply": ACTIONS_DOWN_REPLY.replace("'", "\\'"),
    })


def nginx(prefix: Path, listen_port: int, **conf: object) -> Server:
    # nginx's workers (user nobody when root) write request bodies under tmp/: whatever the umask,
    # they must pass through; nginx gives them the leaf folders itself.
    traversable(prefix)
    traversable(prefix / "tmp")
    for served in ("site", "widget"):  # the demo page and the widget: public, whatever umask built them
        if conf.get(served):
            world_readable(Path(str(conf[served])))
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    path.touch(mode=0o600)
    path.chmod(0o600)  # it holds the REST token
    path.write_text(nginx_conf(prefix, listen_port, **conf), encoding="utf-8")
    return Server("nginx", ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                  None, prefix, lambda: port_open(listen_port), timeout=30)


def nginx_drain(server: Server, prefix: Path, down: Sequence[int] = (), timeout: float = 60) -> None:
    """Marks the Rasa instances of the ports ``down`` (and only them) ``down`` in nginx's upstreams,
    reloads nginx and waits until its previous workers have finished the requests they were
    proxying: after that, no message is on its way to those instances (a rolling restart)."""
    path = prefix / "nginx.conf"
    text = re.sub(r"(server 127\.0\.0\.1:(\d+))(?: down)?( max_fails=)",
                  lambda m: m.group(1) + (" down" if int(m.group(2)) in down else "") + m.group(3),
                  path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children")
    before = set(children.read_text().split())
    os.kill(master, signal.SIGHUP)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and before & set(children.read_text().split()):
        time.sleep(0.1)


