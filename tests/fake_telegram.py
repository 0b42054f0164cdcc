"""A local stand-in for Telegram's Bot API: records every call, answers like Telegram.

Serves POST /bot<token>/<method> with form-encoded or JSON parameters, as
aiogram and kine-telegram-webhook send them.  Like Telegram, it refuses
(400, "ok": false) a text over 4 096 characters, a callback_data over 64 bytes
and, with parse_mode HTML, a text that is not the HTML Telegram accepts (only
its tags, closed in order, and `&`, `<`, `>` escaped)."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List
from urllib.parse import parse_qsl

BOT_USER = {"id": 424242, "is_bot": True, "first_name": "Kiné remboursement", "username": "kine_test_bot"}
# The tags of Telegram's HTML style (core.telegram.org/bots/api#html-style).
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
                 "tg-spoiler", "tg-emoji", "blockquote"}


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: List[str] = []
        self.errors: List[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in TELEGRAM_TAGS:
            self.errors.append(f"unsupported start tag \"{tag}\"")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(f"unexpected end tag \"{tag}\"")


def html_problem(text: str) -> str:
    """Why Telegram would refuse this text with parse_mode HTML, or ""."""
    if re.search(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", text):
        return "Bad Request: can't parse entities: unescaped &"
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.errors or parser.open:
        return "Bad Request: can't parse entities: " + "; ".join(parser.errors or ["unclosed tag"])
    return ""


def problem(method: str, params: Dict[str, Any]) -> str:
    """Telegram's refusal of a call, or ""."""
    if method != "sendMessage":
        return ""
    text = str(params.get("text", ""))
    if not text.strip():
        return "Bad Request: message text is empty"
    if len(text) > 4096:
        return "Bad Request: message is too long"
    if params.get("parse_mode") == "HTML" and html_problem(text):
        return html_problem(text)
    markup = params.get("reply_markup")
    if markup:
        keyboard = json.loads(markup) if isinstance(markup, str) else markup
        for row in keyboard.get("inline_keyboard", []):
            if any(len(str(b.get("callback_data", "")).encode()) > 64 for b in row):
                return "Bad Request: BUTTON_DATA_INVALID"
    return ""


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                _, bot_token, method = self.path.split("/", 2)
                body = self.rfile.read(int(self.headers.get("content-length") or 0)).decode("utf-8")
                if (self.headers.get("content-type") or "").startswith("application/json"):
                    params = json.loads(body or "{}")
                else:
                    params = dict(parse_qsl(body, keep_blank_values=True))
                refusal = problem(method, params)
                with fake._lock:
                    fake.calls.append({"token": bot_token[3:], "method": method, "params": params,
                                       "refused": refusal})
                if refusal:
                    status, body = 400, {"ok": False, "error_code": 400, "description": refusal}
                else:
                    status, body = 200, {"ok": True, "result": fake.result(method, params)}
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def result(method: str, params: Dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            return {"message_id": int(time.time() * 1000) % 2**31, "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text", "")}
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True

    def sent(self, chat_id: Any = None, method: str = "sendMessage") -> List[Dict[str, Any]]:
        """The parameters of the calls Telegram accepted."""
        with self._lock:
            return [c["params"] for c in self.calls
                    if c["method"] == method and not c["refused"]
                    and (chat_id is None or str(c["params"].get("chat_id")) == str(chat_id))]

    def refused(self) -> List[Dict[str, Any]]:
        with self._lock:
            return [c for c in self.calls if c["refused"]]

    def wait_for(self, count: int, chat_id: Any, timeout: float = 30) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.sent(chat_id)) < count:
            time.sleep(0.1)
        return self.sent(chat_id)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
