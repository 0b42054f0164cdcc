"""A local stand-in for Telegram's Bot API: records every call, answers like Telegram.

Serves POST /bot<token>/<method> with form-encoded or JSON parameters, as
aiogram and scripts/telegram_webhook.py send them."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List
from urllib.parse import parse_qsl

BOT_USER = {"id": 424242, "is_bot": True, "first_name": "Kiné remboursement", "username": "kine_test_bot"}


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
                with fake._lock:
                    fake.calls.append({"token": bot_token[3:], "method": method, "params": params})
                result = fake.result(method, params)
                payload = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
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
        with self._lock:
            return [c["params"] for c in self.calls
                    if c["method"] == method and (chat_id is None or str(c["params"].get("chat_id")) == str(chat_id))]

    def wait_for(self, count: int, chat_id: Any, timeout: float = 30) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.sent(chat_id)) < count:
            time.sleep(0.1)
        return self.sent(chat_id)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
