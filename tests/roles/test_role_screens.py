"""The role × screen matrix (#23): every role opens every screen its menus reach, with no error.

For every role the suite defines (every group of the suite's addons that the user form offers) and
Odoo's own daily roles, a user holding exactly that role (and the employee group), with only one
store allowed, walks the menus the web client shows them (`ir.ui.menu.load_menus`) to the window
actions behind them; for each list, kanban and form view of the action's model it asks the views
as the web client does (`get_views`), builds the web client's field specification from the arch
the server returns (many2one: `display_name`; x2many: the fields of its embedded list/kanban,
`limit` 40; what the arch holds, invisible fields included) and reads with it: `web_search_read`
with the action's domain and context (limit 80, as a list does) and `web_read` of the first record
with the form's specification.

Any error (an Access Error above all) is a failure; the test fails once with the whole list —
role, menu, model, view type, error — also written to `.run/logs/role-screens.txt` when that folder
exists. Runs in `./scripts/test` on suite_test (pytest-odoo; an Odoo TransactionCase outside an
addon, rolled back at the end).
"""

import logging
import os
from pathlib import Path

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

SUITE_ADDONS = ("customer_core", "artwork_provenance", "collector_crm", "studio_booking", "member_loyalty")

# Odoo's own daily roles (label -> groups); skipped when their module is not installed.
ODOO_ROLES = {
    "Sales: own documents (CRM salesperson)": ["sales_team.group_sale_salesman"],
    "Sales: all documents": ["sales_team.group_sale_salesman_all_leads"],
    "Sales: administrator": ["sales_team.group_sale_manager"],
    "Invoicing: billing": ["account.group_account_invoice"],
    "Accounting: accountant": ["account.group_account_user"],
    "Inventory: user": ["stock.group_stock_user"],
    "Purchase: user": ["purchase.group_purchase_user"],
    "Events: user": ["event.group_event_user"],
    "Point of Sale: user": ["point_of_sale.group_pos_user"],
    "Helpdesk: user": ["helpdesk_mgmt.group_helpdesk_user"],
}

VIEW_TYPES = ("list", "kanban", "form")
LIST_LIMIT = 80  # the web client's page of a list / kanban
X2MANY_LIMIT = 40  # the web client's page of an x2many in a form


def _spec_of(view_node, model, fields_by_model):
    """The web client's specification for the records of a view node (list, kanban, form)."""
    spec = {}
    fields = fields_by_model.get(model, {})

    def walk(node):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field":
                name = child.get("name")
                info = fields.get(name)
                if info is None:
                    continue
                spec[name] = _field_spec(child, info, fields_by_model)
            elif child.tag == "groupby":  # list views: buttons on the groups' many2one, another model
                continue
            else:
                walk(child)

    walk(view_node)
    spec.setdefault("display_name", {})
    return spec


def _field_spec(node, info, fields_by_model):
    ftype = info.get("type")
    if ftype == "many2one":
        return {"fields": {"display_name": {}}}
    if ftype in ("one2many", "many2many"):
        comodel = info.get("relation")
        sub = next((c for c in node if isinstance(c.tag, str) and c.tag in ("list", "kanban")), None)
        if sub is None:
            fields = {"display_name": {}}
            widget = node.get("widget") or ""
            if "tags" in widget:
                options = node.get("options") or ""
                if "color_field" in options:
                    try:
                        color = safe_eval(options).get("color_field")
                    except Exception:  # noqa: BLE001 - an option the client would ignore too
                        color = None
                    if color:
                        fields[color] = {}
            return {"fields": fields}
        return {"fields": _spec_of(sub, comodel, fields_by_model), "limit": X2MANY_LIMIT}
    return {}


class TestRoleScreens(TransactionCase):
    # outside an addon: Odoo's test classes take their tags from odoo.addons.<module>, set here
    test_tags = {"standard", "post_install"}
    test_module = "roles"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.store = Company.search([("parent_id", "!=", False)], order="id", limit=1) or cls.env.company
        cls.roles = cls._roles()

    @classmethod
    def _roles(cls):
        """label -> group xmlids: each group of the suite's addons the user form offers, and Odoo's."""
        roles = {}
        data = cls.env["ir.model.data"].search(
            [("model", "=", "res.groups"), ("module", "in", list(SUITE_ADDONS) + ["client_context_guard"])]
        )
        for xmlid in data:
            group = cls.env["res.groups"].browse(xmlid.res_id).exists()
            if not group or group.share:
                continue
            label = f"{group.privilege_id.name or xmlid.module}: {group.name} ({xmlid.module}.{xmlid.name})"
            roles[label] = [f"{xmlid.module}.{xmlid.name}"]
        for label, groups in ODOO_ROLES.items():
            if all(cls.env.ref(g, raise_if_not_found=False) for g in groups):
                roles[label] = groups
            else:
                _logger.info("role %s skipped: %s not installed", label, ", ".join(groups))
        return dict(sorted(roles.items()))

    def _user(self, n, groups):
        return new_test_user(
            self.env,
            login=f"role_screen_{n}",
            groups=",".join(["base.group_user", *groups]),
            company_id=self.store.id,
            company_ids=[(6, 0, self.store.ids)],
        )

    def _action_context(self, action, user):
        values = {
            "uid": user.id,
            "user": user,
            "active_id": False,
            "active_ids": [],
            "active_model": False,
            "allowed_company_ids": self.store.ids,
            "current_company_id": self.store.id,
        }
        ctx, domain = action.get("context") or {}, action.get("domain") or []
        try:
            ctx = safe_eval(ctx, values) if isinstance(ctx, str) else dict(ctx)
        except Exception:  # noqa: BLE001 - a context the web client evaluates with more than we give
            ctx = {}
        values["context"] = ctx
        try:
            domain = safe_eval(domain, values) if isinstance(domain, str) else domain
        except Exception:  # noqa: BLE001
            domain = []
        return ctx, domain

    def _window_action(self, menu, user):
        """The window action a menu opens, as the web client receives it (a server action is run
        as the user, as /web/action/run does, and rolled back), or None (client actions...)."""
        if menu["action_model"] == "ir.actions.act_window":
            act = self.env["ir.actions.act_window"].browse(menu["action_id"])
            return {
                "id": act.id,
                "res_model": act.res_model,
                "view_mode": act.view_mode,
                "views": act.views,
                "domain": act.domain,
                "context": act.context,
            }
        if menu["action_model"] == "ir.actions.server":
            server = self.env["ir.actions.server"].with_user(user).browse(menu["action_id"])
            try:
                with self.env.cr.savepoint() as sp:
                    res = server.with_context(allowed_company_ids=self.store.ids).run()
                    sp.rollback()
            except Exception as exc:  # noqa: BLE001
                return exc
            if isinstance(res, dict) and res.get("type") == "ir.actions.act_window" and res.get("res_model"):
                return {**res, "views": [tuple(v) for v in res.get("views") or []]}
        return None

    def _screens(self, user):
        """(menu path, action dict or exception) of every window action the user's menus reach."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        parent = {child: mid for mid, menu in menus.items() for child in menu.get("children", []) if mid != "root"}
        out = []
        for mid, menu in menus.items():
            if mid == "root" or not menu.get("action_model"):
                continue
            action = self._window_action(menu, user)
            if action is None:
                continue
            path, cur = [], mid
            while cur:
                path.append(menus[cur]["name"])
                cur = parent.get(cur)
            out.append((f"{' / '.join(reversed(path))} ({menu['xmlid']})", action))
        return sorted(out, key=lambda x: x[0])

    def _read_screen(self, user, action):
        """Yield (view type, error) for each list/kanban/form of the action, read as `user`."""
        ctx, domain = self._action_context(action, user)
        ctx = {**ctx, "allowed_company_ids": self.store.ids, "bin_size": True}
        Model = self.env[action["res_model"]].with_user(user).with_context(ctx)
        refs = {vt: vid for vid, vt in action["views"] if vt in VIEW_TYPES}
        modes = [m for m in (action.get("view_mode") or "").split(",") if m in VIEW_TYPES] or list(refs)
        if "form" not in modes:
            modes.append("form")  # the list's records open in a form
        first_id = None
        specs = {}
        for vt in modes:
            try:
                with self.env.cr.savepoint():
                    views = Model.get_views([(refs.get(vt) or False, vt)], {"action_id": action.get("id")})
            except Exception as exc:  # noqa: BLE001
                yield vt, "get_views", exc
                continue
            fields_by_model = {m: d["fields"] for m, d in views["models"].items()}
            arch = etree.fromstring(views["views"][vt]["arch"])
            specs[vt] = _spec_of(arch, action["res_model"], fields_by_model)
        for vt in ("list", "kanban"):
            if vt not in specs:
                continue
            try:
                with self.env.cr.savepoint():
                    res = Model.web_search_read(domain, specs[vt], limit=LIST_LIMIT, count_limit=10001)
                    if res["records"] and first_id is None:
                        first_id = res["records"][0]["id"]
            except Exception as exc:  # noqa: BLE001
                yield vt, "web_search_read", exc
            self.env.invalidate_all()
        if "form" in specs:
            if first_id is None:
                try:
                    with self.env.cr.savepoint():
                        # no record in the action's list: any record the user may open from elsewhere
                        first_id = Model.search(domain, limit=1).id or Model.search([], limit=1).id
                except Exception as exc:  # noqa: BLE001
                    yield "form", "search", exc
            if first_id:
                try:
                    with self.env.cr.savepoint():
                        Model.browse(first_id).web_read(specs["form"])
                except Exception as exc:  # noqa: BLE001
                    yield "form", "web_read", exc
                self.env.invalidate_all()

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model", "odoo.http")
    def test_every_role_reads_every_screen_of_its_menus(self):
        failures = []
        covered = 0
        for n, (label, groups) in enumerate(self.roles.items()):
            user = self._user(n, groups)
            self.env.invalidate_all()
            screens = self._screens(user)
            for menu, action in screens:
                if isinstance(action, Exception):
                    failures.append(f"{label} | {menu} | - | - (run) | {type(action).__name__}: {action}")
                    continue
                if action["res_model"] not in self.env:
                    continue
                for vt, call, exc in self._read_screen(user, action):
                    kind = "AccessError" if isinstance(exc, AccessError) else type(exc).__name__
                    lines = (str(exc.args[0]) if exc.args else str(exc)).strip().splitlines()
                    error = f"{kind}: {lines[0] if lines else ''}"
                    failures.append(f"{label} | {menu} | {action['res_model']} | {vt} ({call}) | {error}")
                covered += 1
            _logger.info("role screens: %s: %d screens", label, len(screens))
        report = [f"{len(self.roles)} roles, {covered} screens (store {self.store.name})"]
        report += [f"  role: {label} = {', '.join(groups)}" for label, groups in self.roles.items()]
        report += ["failures (role | menu | model | view (call) | error):", *failures] if failures else ["no failure"]
        logs = Path(os.environ.get("SUITE_TEST_LOG", "")).parent if os.environ.get("SUITE_TEST_LOG") else None
        if logs and logs.is_dir():
            (logs / "role-screens.txt").write_text("\n".join(report) + "\n")
        if failures:
            self.fail(f"{len(failures)} screens fail:\n" + "\n".join(failures))
