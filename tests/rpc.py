"""RPC clients as an integration would write them: XML-RPC, JSON-RPC and Odoo 19's JSON-2 API.

Standard library only (xmlrpc.client, urllib), like the examples of docs/api.md.
"""

import json
import urllib.error
import urllib.request
import xmlrpc.client


class RpcError(Exception):
    def __init__(self, message, name=None, status=None):
        super().__init__(message)
        self.name = name
        self.status = status


class XmlRpc:
    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        self.common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
        self.uid = self.common.authenticate(db, login, password, {})
        if not self.uid:
            raise RpcError(f"login {login} refused")
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        try:
            return self.models.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)
        except xmlrpc.client.Fault as fault:
            raise RpcError(fault.faultString.strip().splitlines()[-1], name="Fault") from None


class JsonRpc:
    def __init__(self, url, db, login, password, timeout=60):
        self.url, self.db, self.password, self.timeout = url, db, password, timeout
        self.uid = self._rpc("common", "login", db, login, password)
        if not self.uid:
            raise RpcError(f"login {login} refused")

    def _rpc(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"service": service, "method": method, "args": list(args)},
        }
        req = urllib.request.Request(
            f"{self.url}/jsonrpc", json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            body = json.load(resp)
        if "error" in body:
            data = body["error"].get("data", {})
            raise RpcError(data.get("message") or body["error"].get("message"), name=data.get("name"))
        return body.get("result")  # absent when the method returned None

    def call(self, model, method, *args, **kwargs):
        return self._rpc("object", "execute_kw", self.db, self.uid, self.password, model, method, list(args), kwargs)


class Json2:
    """POST /json/2/<model>/<method> with an API key (Authorization: bearer)."""

    def __init__(self, url, db, api_key, timeout=60):
        self.url, self.db, self.api_key, self.timeout = url, db, api_key, timeout

    def call(self, model, method, ids=None, **kwargs):
        body = dict(kwargs)
        if ids is not None:
            body["ids"] = ids
        req = urllib.request.Request(
            f"{self.url}/json/2/{model}/{method}",
            json.dumps(body).encode(),
            {"Content-Type": "application/json", "Authorization": f"bearer {self.api_key}", "X-Odoo-Database": self.db},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.load(resp)
        except urllib.error.HTTPError as err:
            try:
                data = json.load(err)
            except ValueError:
                data = {}
            raise RpcError(data.get("message") or str(err), name=data.get("name"), status=err.code) from None
