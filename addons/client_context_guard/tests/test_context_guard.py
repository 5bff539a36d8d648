import json

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools import clean_client_values

DENIED = "member_ledger_ok"  # one of the default denied keys


@tagged("post_install", "-at_install")
class TestCleanValues(TransactionCase):
    def test_denied_keys_are_extensible_and_complete(self):
        keys = self.env["ir.http"]._client_context_denied_keys()
        for key in (
            "auditlog_disabled_read",
            "skip_validation_check",
            "member_ledger_ok",
            "member_engine",
            "member_adjust",
            "member_ledger_reverse",
            "member_points_cap",
            "customer_skip_followup_check",
            "customer_care_job",
        ):
            self.assertIn(key, keys)

    def test_every_context_at_any_depth_is_cleaned(self):
        denied = self.env["ir.http"]._client_context_denied_keys()
        kwargs = {
            "context": {DENIED: True, "lang": "zh_CN", "auditlog_disabled_read": True},
            "specification": {
                "name": {},
                "child_ids": {
                    "fields": {"name": {}, "user_ids": {"context": {"skip_validation_check": 1, "active_test": False}}},
                    "context": {"member_engine": True, "default_type": "contact"},
                },
            },
        }
        args = [[1, 2], {"name": "x", "context": "{'member_engine': True}"}]
        clean_kwargs = clean_client_values(kwargs, denied)
        self.assertEqual(clean_kwargs["context"], {"lang": "zh_CN"})
        child = clean_kwargs["specification"]["child_ids"]
        self.assertEqual(child["context"], {"default_type": "contact"})
        self.assertEqual(child["fields"]["user_ids"]["context"], {"active_test": False})
        # a field called "context" holding text (an action's context) is data, not a context
        self.assertEqual(clean_client_values(args, denied), args)
        self.assertEqual(kwargs["context"][DENIED], True, "the caller's arguments are not altered")


@tagged("post_install", "-at_install")
class TestRoutesKeepWhatIsAllowed(HttpCase):
    """Each route still passes the context keys a client may send (``default_*``, ``lang``...):
    the guard removes the denied keys only. The denied keys are proven dropped on a real guard by
    the addons that use them (customer_core: tier validation through every route)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, login="ccg_user", groups="base.group_user,base.group_partner_manager", name="上下文 用户"
        )

    def _context(self, comment):
        return {"default_comment": comment, DENIED: True, "lang": "en_US"}

    def _created(self, comment):
        partner = self.env["res.partner"].search([("name", "=", comment)])
        self.assertEqual(len(partner), 1)
        self.assertEqual(partner.comment and partner.comment.striptags() or "", comment)

    def test_xmlrpc_and_jsonrpc(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "ccg_user", "ccg_user", {})
        for name in ("xmlrpc-2",):
            self.xmlrpc_object.execute_kw(
                db, uid, "ccg_user", "res.partner", "create", [{"name": name}], {"context": self._context(name)}
            )
            self._created(name)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    db,
                    uid,
                    "ccg_user",
                    "res.partner",
                    "create",
                    [{"name": "jsonrpc"}],
                    {"context": self._context("jsonrpc")},
                ],
            },
        }
        # Odoo 19 logs a deprecation warning for every /jsonrpc call: the route is what is tested here
        with mute_logger("odoo.addons.rpc.controllers.jsonrpc"):
            res = self.url_open("/jsonrpc", data=json.dumps(payload), headers={"Content-Type": "application/json"})
        self.assertNotIn("error", res.json())
        self._created("jsonrpc")

    def test_web_client_routes(self):
        self.authenticate("ccg_user", "ccg_user")
        for route in ("/web/dataset/call_kw", "/web/dataset/call_button"):
            name = route.rsplit("/", 1)[1]
            self.make_jsonrpc_request(
                route,
                {
                    "model": "res.partner",
                    "method": "create",
                    "args": [{"name": name}],
                    "kwargs": {"context": self._context(name)},
                },
            )
            self._created(name)

    def test_json2(self):
        key = self.env["res.users.apikeys"].with_user(self.user).sudo()._generate(None, "ccg", None)
        res = self.url_open(
            "/json/2/res.partner/create",
            data=json.dumps({"vals_list": [{"name": "json2"}], "context": self._context("json2")}),
            headers={"Content-Type": "application/json", "Authorization": f"bearer {key}"},
        )
        self.assertEqual(res.status_code, 200, res.text)
        self._created("json2")
