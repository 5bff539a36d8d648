"""The boundary where a client's context enters the server.

Every route that lets a client call a model method with a context of its choosing is inherited
here, and the arguments are cleaned before Odoo's own code runs: the keys that
``ir.http._client_context_denied_keys()`` lists are removed from the call's ``context`` and from
every ``context`` nested in its arguments (the per-field contexts of a ``web_read`` specification).
"""

import xmlrpc.client
from collections.abc import Mapping

from odoo import http
from odoo.http import dispatch_rpc, request
from odoo.modules.registry import Registry
from odoo.tools import frozendict

from odoo.addons.rpc.controllers import RPC
from odoo.addons.rpc.controllers.json2 import WebJson2Controller
from odoo.addons.rpc.controllers.xmlrpc import dumps
from odoo.addons.web.controllers.dataset import DataSet

from ..tools import DEFAULT_DENIED_KEYS, clean_client_values

OBJECT_METHODS = ("execute", "execute_kw")
NO_CONTEXT = frozendict()


def _denied_keys(dbname):
    """The denied keys of database ``dbname`` (the defaults where this addon is not installed)."""
    IrHttp = Registry(dbname).get("ir.http")
    getter = getattr(IrHttp, "_client_context_denied_keys", None)
    return frozenset(getter()) if getter else DEFAULT_DENIED_KEYS


def clean_object_params(service, method, params):
    """Clean the parameters of an ``object`` service call: (db, uid, password, model, method, *args)."""
    if service != "object" or method not in OBJECT_METHODS or len(params) < 6 or not isinstance(params[0], str):
        return params
    denied = _denied_keys(params[0])
    return [*params[:5], *clean_client_values(list(params[5:]), denied)]


class GuardedRPC(RPC):
    """``/xmlrpc/<service>``, ``/xmlrpc/2/<service>`` and ``/jsonrpc``."""

    def _xmlrpc(self, service):
        data = request.httprequest.get_data()
        params, method = xmlrpc.client.loads(data, use_datetime=True)
        result = dispatch_rpc(service, method, clean_object_params(service, method, params))
        return dumps((result,))

    @http.route()
    def jsonrpc(self, service, method, args):
        return super().jsonrpc(service, method, clean_object_params(service, method, args))


class GuardedJson2(WebJson2Controller):
    """``/json/2/<model>/<method>``."""

    @http.route()
    def web_json_2_rpc(self, __model__, __method__, ids=(), context=NO_CONTEXT, **kwargs):
        clean = request.env["ir.http"]._client_context_clean
        context = clean({"context": context})["context"] if isinstance(context, Mapping) else context
        return super().web_json_2_rpc(__model__, __method__, ids=ids, context=context, **clean(kwargs))


class GuardedDataSet(DataSet):
    """``/web/dataset/call_kw`` and ``/web/dataset/call_button`` (the web client)."""

    @http.route()
    def call_kw(self, model, method, args, kwargs, path=None):
        clean = request.env["ir.http"]._client_context_clean
        return super().call_kw(model, method, clean(args), clean(kwargs), path=path)

    @http.route()
    def call_button(self, model, method, args, kwargs, path=None):
        clean = request.env["ir.http"]._client_context_clean
        return super().call_button(model, method, clean(args), clean(kwargs), path=path)
