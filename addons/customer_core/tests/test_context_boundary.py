import json
import xmlrpc.client
from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tests.common import Transport
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestContextBoundary(HttpCase):
    """#23 point 6: a client cannot switch a server-side check off by sending the context key the
    server uses for it. Here OCA base_tier_validation's ``skip_validation_check``: a salesperson
    who sends it rewrites a handover that waits for the director's approval, through every route,
    unless client_context_guard drops it where the client's context enters the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        store = cls.env.company
        common = {"company_id": store.id, "company_ids": [Command.set(store.ids)]}
        cls.seller = new_test_user(cls.env, login="cc_ctx_seller", groups="customer_core.group_customer_user", **common)
        cls.seller2 = new_test_user(
            cls.env, login="cc_ctx_seller2", groups="customer_core.group_customer_user", **common
        )
        cls.env["tier.definition"].create(
            {
                "model_id": cls.env["ir.model"]._get_id("customer.transfer"),
                "review_type": "group",
                "reviewer_group_id": cls.env.ref("customer_core.group_approval_director").id,
                "definition_domain": "[]",
            }
        )
        customer = cls.env["res.partner"].create({"name": "待移交客户", "user_id": cls.seller.id})
        cls.transfer = (
            cls.env["customer.transfer"]
            .with_user(cls.seller)
            .create(
                {
                    "from_user_id": cls.seller.id,
                    "to_user_id": cls.seller2.id,
                    "partner_ids": [Command.set(customer.ids)],
                    "reason": "离职",
                }
            )
        )
        cls.transfer.request_validation()
        cls.context = {"skip_validation_check": True}

    def _assert_untouched(self):
        self.transfer.invalidate_recordset()
        self.assertEqual(self.transfer.reason, "离职", "a handover under validation was rewritten")

    def test_orm_refuses(self):
        with self.assertRaises(ValidationError):
            self.transfer.with_user(self.seller).write({"reason": "改写"})

    def test_xmlrpc(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "cc_ctx_seller", "cc_ctx_seller", {})
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self.xmlrpc_object.execute_kw(
                db,
                uid,
                "cc_ctx_seller",
                "customer.transfer",
                "write",
                [[self.transfer.id], {"reason": "改写"}],
                {"context": self.context},
            )
        self._assert_untouched()

    def test_legacy_xmlrpc(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "cc_ctx_seller", "cc_ctx_seller", {})
        legacy = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/object", transport=Transport(self))
        # the historical route answers a refusal with a string fault code (a 500 for the client)
        with mute_logger("odoo.http"):
            try:
                legacy.execute_kw(
                    db,
                    uid,
                    "cc_ctx_seller",
                    "customer.transfer",
                    "write",
                    [[self.transfer.id], {"reason": "改写"}],
                    {"context": self.context},
                )
                refused = False
            except (Fault, xmlrpc.client.ProtocolError):
                refused = True
        self.assertTrue(refused)
        self._assert_untouched()

    def test_jsonrpc(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "cc_ctx_seller", "cc_ctx_seller", {})
        args = [db, uid, "cc_ctx_seller", "customer.transfer", "write", [[self.transfer.id], {"reason": "改写"}]]
        # Odoo 19 logs a deprecation warning for every /jsonrpc call: the route is what is tested here
        with mute_logger("odoo.http", "odoo.addons.rpc.controllers.jsonrpc"):
            res = self.url_open(
                "/jsonrpc",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "service": "object",
                            "method": "execute_kw",
                            "args": [*args, {"context": self.context}],
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertIn("error", res.json())
        self._assert_untouched()

    def test_web_client(self):
        self.authenticate("cc_ctx_seller", "cc_ctx_seller")
        calls = [
            ("/web/dataset/call_kw", "write", [[self.transfer.id], {"reason": "改写"}], {}),
            ("/web/dataset/call_kw", "web_save", [[self.transfer.id], {"reason": "改写"}], {"specification": {}}),
            ("/web/dataset/call_button", "write", [[self.transfer.id], {"reason": "改写"}], {}),
        ]
        for route, method, args, kwargs in calls:
            with self.subTest(route=route, method=method), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException):
                    self.make_jsonrpc_request(
                        route,
                        {
                            "model": "customer.transfer",
                            "method": method,
                            "args": args,
                            "kwargs": {**kwargs, "context": self.context},
                        },
                    )
                self._assert_untouched()

    def test_json2(self):
        key = self.env["res.users.apikeys"].with_user(self.seller).sudo()._generate(None, "ctx", None)
        with mute_logger("odoo.http"):
            res = self.url_open(
                "/json/2/customer.transfer/write",
                data=json.dumps({"ids": [self.transfer.id], "vals": {"reason": "改写"}, "context": self.context}),
                headers={"Content-Type": "application/json", "Authorization": f"bearer {key}"},
            )
        self.assertNotEqual(res.status_code, 200, res.text)
        self._assert_untouched()
