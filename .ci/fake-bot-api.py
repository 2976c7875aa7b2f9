#!/usr/bin/env python3
"""A minimal stand-in for the Telegram Bot API, for the quick-start check in .ci/run and for trying
TgDesk without a bot token.

Answers every /bot<token>/<method> call the way Telegram answers a healthy bot: getMe with a bot
user, getUpdates with no updates, getWebhookInfo with an empty webhook, each sending method with the
message(s) it would have sent (sendPhoto, sendDocument and the like with a file_id, sendMediaGroup
with one message an item, copyMessage with a message_id), createForumTopic with a topic, getChat
with a private chat (positive ids) or a forum supergroup, getChatMember with an administrator that
may manage topics, anything else with `true`. Message ids count up. Reads JSON, form and multipart bodies, chunked or not.
Prints the port it listens on, then serves until killed; with -v, one line a call on standard error.
Loopback only.
"""
import itertools
import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

VERBOSE = "-v" in sys.argv[1:]
ids = itertools.count(100)  # topic ids too: 1 is the General topic, never a created one
FILES = {"sendPhoto": "photo", "sendDocument": "document", "sendVideo": "video",
         "sendAudio": "audio", "sendVoice": "voice"}


def read_body(handler):
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                handler.rfile.readline()
                return body
            body += handler.rfile.read(size)
            handler.rfile.readline()
    return handler.rfile.read(int(handler.headers.get("Content-Length") or 0))


def params_of(content_type, body):
    """The call's text parameters (JSON values decoded where they are JSON)."""
    if content_type.startswith("application/json"):
        try:
            return json.loads(body or b"{}")
        except ValueError:
            return {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    boundary = re.search(r'boundary="?([^";]+)"?', content_type)
    found = {}
    if not boundary:
        return found
    for part in body.split(b"--" + boundary.group(1).encode()):
        head, _, value = part.partition(b"\r\n\r\n")
        name = re.search(rb'; name="([^"]*)"', head)
        if name and b"filename=" not in head:
            found[name.group(1).decode()] = value[:-2].decode("utf-8", "replace")
    return found


def message(params, **extra):
    chat = params.get("chat_id", 42)
    try:
        chat = int(chat)
    except (TypeError, ValueError):
        pass
    result = {"message_id": next(ids), "date": int(time.time()),
              "chat": {"id": chat, "type": "private" if isinstance(chat, int) and chat > 0 else "supergroup"}}
    result.update(extra)
    return result


def file_of(kind):
    """A sent file as Telegram describes it: a photo as its sizes, anything else as one file."""
    unique = "fake-%d" % next(ids)
    sent = {"file_id": "file-" + unique, "file_unique_id": unique}
    return [sent] if kind == "photo" else sent


class BotApi(BaseHTTPRequestHandler):
    def do_GET(self):
        self.answer({})

    def do_POST(self):
        body = read_body(self)
        self.answer(params_of(self.headers.get("Content-Type", ""), body))

    def answer(self, params):
        method = self.path.split("?")[0].rsplit("/", 1)[-1]
        if method == "getMe":
            result = {"id": 123456789, "is_bot": True, "first_name": "Support", "username": "support_bot"}
        elif method == "getUpdates":
            result = []
        elif method == "getWebhookInfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        elif method == "sendMessage":
            result = message(params, text=params.get("text", ""))
        elif method in FILES:
            kind = FILES[method]
            result = message(params, **{kind: file_of(kind)})
        elif method == "sendMediaGroup":
            media = params.get("media", [])
            if isinstance(media, str):
                media = json.loads(media)
            result = [message(params, **{m.get("type", "document"): file_of(m.get("type", "document"))})
                      for m in media]
        elif method == "copyMessage":
            result = {"message_id": next(ids)}
        elif method == "getChat":
            chat = int(params.get("chat_id", 0) or 0)
            result = ({"id": chat, "type": "private", "first_name": "Customer"} if chat > 0 else
                      {"id": chat, "type": "supergroup", "title": "Agents", "is_forum": True})
        elif method == "getChatMember":
            result = {"status": "administrator", "can_manage_topics": True, "can_delete_messages": True,
                      "user": {"id": int(params.get("user_id", 0) or 0), "is_bot": True, "first_name": "Support"}}
        elif method == "createForumTopic":
            result = {"message_thread_id": next(ids), "name": params.get("name", ""), "icon_color": 7322096}
        else:
            result = True
        if VERBOSE:
            print(method, json.dumps(params, ensure_ascii=False)[:300], file=sys.stderr, flush=True)
        body = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


class Server(ThreadingHTTPServer):
    # The default backlog of 5 made the kernel reset connections when TgDesk sent at a paid
    # broadcast rate (16 calls at once): each reset is an answer lost, and its message UNCERTAIN.
    request_queue_size = 128
    daemon_threads = True


server = Server(("127.0.0.1", 0), BotApi)
print(server.server_address[1], flush=True)
server.serve_forever()
