#!/usr/bin/env python3
"""A minimal stand-in for the Telegram Bot API, for the quick-start check in .ci/run.

Answers every /bot<token>/<method> call the way Telegram answers a healthy bot: getMe with a bot
user, getUpdates with no updates, getWebhookInfo with an empty webhook, sendMessage with a message,
anything else with `true`. Prints the port it listens on, then serves until killed. Loopback only.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class BotApi(BaseHTTPRequestHandler):
    def do_GET(self):
        self.answer()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.answer()

    def answer(self):
        method = self.path.split("?")[0].rsplit("/", 1)[-1]
        results = {
            "getMe": {"id": 123456789, "is_bot": True, "first_name": "Support", "username": "support_bot"},
            "getUpdates": [],
            "getWebhookInfo": {"url": "", "has_custom_certificate": False, "pending_update_count": 0},
            "sendMessage": {"message_id": 1, "date": int(time.time()), "chat": {"id": 42, "type": "private"}},
        }
        body = json.dumps({"ok": True, "result": results.get(method, True)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), BotApi)
print(server.server_address[1], flush=True)
server.serve_forever()
