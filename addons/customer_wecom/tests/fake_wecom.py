"""A local fake of WeCom's server API for the tests (127.0.0.1 only): ``gettoken`` checks the
corp id and secret, ``message/send`` checks the token (expired tokens answer 42001, unknown
ones 40014), the agent id and the text card (title/description sizes, URL) and records what
it accepted; ``busy`` makes it answer -1 (system busy)."""

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeWecom:
    def __init__(self, corp_id, secret, agent_id, users):
        self.corp_id = corp_id
        self.secret = secret
        self.agent_id = agent_id
        self.users = set(users)
        self.tokens = {}  # token -> valid
        self.token_calls = 0
        self.messages = []
        self.busy = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, answer):
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path != "/cgi-bin/gettoken":
                    return self._answer({"errcode": 404, "errmsg": "not found"})
                self._answer(fake.gettoken(query))

            def do_POST(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if url.path != "/cgi-bin/message/send":
                    return self._answer({"errcode": 404, "errmsg": "not found"})
                self._answer(fake.send(query.get("access_token"), body))

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%s" % self.server.server_address[1]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        self.tokens.clear()
        self.messages.clear()
        self.token_calls = 0
        self.busy = False

    def expire_tokens(self):
        for token in self.tokens:
            self.tokens[token] = False

    def gettoken(self, query):
        self.token_calls += 1
        if query.get("corpid") != self.corp_id:
            return {"errcode": 40013, "errmsg": "invalid corpid"}
        if query.get("corpsecret") != self.secret:
            return {"errcode": 40001, "errmsg": "invalid credential"}
        token = secrets.token_hex(16)
        self.tokens[token] = True
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}

    def send(self, token, body):
        if self.busy:
            return {"errcode": -1, "errmsg": "system busy"}
        if token not in self.tokens:
            return {"errcode": 40014, "errmsg": "invalid access_token"}
        if not self.tokens[token]:
            return {"errcode": 42001, "errmsg": "access_token expired"}
        data = json.loads(body)
        if data.get("agentid") != self.agent_id:
            return {"errcode": 40056, "errmsg": "invalid agentid"}
        if data.get("msgtype") != "textcard":
            return {"errcode": 40008, "errmsg": "invalid message type"}
        card = data.get("textcard") or {}
        if not card.get("title") or len(card["title"].encode()) > 128:
            return {"errcode": 44004, "errmsg": "invalid title"}
        if not card.get("description") or len(card["description"].encode()) > 512:
            return {"errcode": 44004, "errmsg": "invalid description"}
        if not (card.get("url") or "").startswith(("http://", "https://")):
            return {"errcode": 40062, "errmsg": "invalid url"}
        touser = data.get("touser", "").split("|")
        invalid = [user for user in touser if user not in self.users]
        if len(invalid) == len(touser):
            return {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
        self.messages.append(data)
        return {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(invalid), "msgid": "m%d" % len(self.messages)}
