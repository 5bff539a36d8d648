"""A Chinese business's first day (#17): every screen of the suite's menus speaks Chinese.

A user in zh_CN holding every group of the suite's addons (and the employee group) walks every menu
of the suite's addons as the web client loads them (`ir.ui.menu.load_menus`): the menu names, the
names and help of the window actions behind them, and for each view the action opens (list, kanban,
form, calendar, pivot, graph, activity, search) what `get_views` returns: the arch's translatable
attributes (`string`, `help`, `placeholder`, `title`, `confirm`...) and texts, the label of every
field the arch shows (and its help), the labels of its selection values, and the names of the
records a user reads in it when their name is translatable (stages, types, tags: the records of
the action's model and those its many2one columns show, up to a page of each).

A string that still holds an English word (two latin letters or more) fails the test unless the
word is in `ALLOWED` with its reason (brand names, codes, units). The test fails once with the
whole list: `menu path | model | where | string`; the list is also written to
`.run/logs/zh-cn-screens.txt` when that folder exists. Runs in `./scripts/test` on suite_test
(pytest-odoo; an Odoo TransactionCase outside an addon, rolled back at the end).
"""

import logging
import os
import re
from pathlib import Path

from lxml import etree

from odoo import release
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.safe_eval import safe_eval
from odoo.tools.translate import TRANSLATED_ATTRS

_logger = logging.getLogger(__name__)

SUITE_ADDONS = ("customer_core", "artwork_provenance", "collector_crm", "studio_booking", "member_loyalty")

# Latin words a Chinese gallery, studio or shop writes as they are -> why.
ALLOWED = {
    # brands and products
    "Odoo": "the software's name",
    "WeChat": "brand (微信 is used where the text is ours; Odoo's own labels keep it)",
    "Excel": "brand of the file format",
    "Google": "brand",
    "Stripe": "brand",
    # codes and abbreviations Chinese businesses use as they are
    "CRM": "abbreviation used as is in Chinese business software",
    "VIP": "used as is in Chinese shops",
    "RFM": "name of the customer-value model (Recency, Frequency, Monetary)",
    "SLA": "service level agreement, written SLA in Chinese helpdesk software",
    "KPI": "used as is",
    "ROI": "used as is in Chinese finance",
    "SKU": "used as is",
    "PDF": "file format",
    "XLSX": "file format",
    "CSV": "file format",
    "HTML": "format",
    "URL": "used as is",
    "ID": "identifier, used as is",
    "UTM": "tracking parameter name",
    "SMS": "used as is (短信 where the text is ours)",
    "API": "used as is",
    "QR": "QR code (二维码)",
    "IBAN": "bank code",
    "BIC": "bank code",
    "EAN": "barcode standard",
    "UPC": "barcode standard",
    "ISBN": "code",
    "PoS": "Point of Sale, Odoo's app name",
    "POS": "point of sale, used as is",
    "RSVP": "used as is on invitations",
    # units, sizes and currencies
    "XS": "clothing size",
    "XL": "clothing size",
    "XXL": "clothing size",
    "XXXL": "clothing size",
    "No": "numbering in a title (无题 No.7), as Chinese galleries write it",
    "AP": "artist's proof, the edition mark galleries write as is (艺术家试版（AP）)",
    "HC": "hors commerce, the edition mark galleries write as is (非卖版（HC）)",
    "IP": "IP address (IP 地址)",
    "cm": "unit",
    "mm": "unit",
    "kg": "unit",
    "CNY": "currency code",
    "USD": "currency code",
    "EUR": "currency code",
    "HKD": "currency code",
}

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%[sd]|\{\{[^}]*\}\}|\{[a-z_]+\}|https?://\S+|\S+@\S+\.\w+|&\w+;")
VIEW_TYPES = ("list", "kanban", "form", "calendar", "pivot", "graph", "activity", "search")
READ_LIMIT = 80


def english_words(text):
    """The latin words of `text` that are not allowed (placeholders, URLs, e-mails removed)."""
    if not text or not isinstance(text, str):
        return []
    text = PLACEHOLDER.sub(" ", text)
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED and w.upper() not in ALLOWED]


# selections shown by their own names: time zones (Asia/Shanghai) and languages (English (US))
OWN_NAME_SELECTIONS = ("tz", "date_tz", "lang")
ODOO_ROOT = Path(release.__file__).resolve().parent.parent  # the Odoo source tree (odoo/, addons/)
PO_STRING = re.compile(r'^(?:msgid|msgstr) "(.*)"\n((?:".*"\n)*)', re.MULTILINE)


def _unescape(text):
    return text.replace("\\n", "\n").replace('\\"', '"').replace("\\t", "\t").replace("\\\\", "\\")


def _po_strings(path):
    """The msgids and msgstrs of a .po/.pot file (read fast, without a po parser)."""
    try:
        content = path.read_text(encoding="utf-8")
    except OSError:
        return set()
    found = PO_STRING.findall(content)
    return {_unescape(first + "".join(line[1:-1] for line in rest.splitlines())) for first, rest in found}


def _literally_invisible(node):
    return any((node.get(attr) or "").strip() in ("1", "True", "true") for attr in ("invisible", "column_invisible"))


class TestZhCnScreens(TransactionCase):
    # outside an addon: Odoo's test classes take their tags from odoo.addons.<module>, set here
    test_tags = {"standard", "post_install"}
    test_module = "roles"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lang = cls.env["res.lang"].with_context(active_test=False).search([("code", "=", "zh_CN")])
        if not lang.active:
            # a database without Chinese: activate it and load every installed module's terms
            cls.env["res.lang"]._activate_lang("zh_CN")
            cls.env["ir.module.module"].search([("state", "=", "installed")])._update_translations("zh_CN")
        groups = cls.env["res.groups"].browse(
            cls.env["ir.model.data"]
            .search([("model", "=", "res.groups"), ("module", "in", list(SUITE_ADDONS))])
            .mapped("res_id")
        )
        groups = groups.exists().filtered(lambda g: not g.share)
        xmlids = [*groups.get_external_id().values(), "base.group_user"]
        companies = cls.env["res.company"].search([])
        cls.user = new_test_user(
            cls.env,
            login="zh_cn_screens",
            groups=",".join(xmlids),
            lang="zh_CN",
            company_id=cls.env.company.id,
            company_ids=[(6, 0, companies.ids)],
        )
        cls.uenv = cls.env(user=cls.user, context={"lang": "zh_CN", "allowed_company_ids": companies.ids})

    # ------------------------------------------------------------------ collecting
    def _menus(self):
        """(path, menu) of every menu of the suite's addons (and of the apps they own) the user sees."""
        menus = self.uenv["ir.ui.menu"].load_menus(False)
        parent = {child: mid for mid, menu in menus.items() for child in menu.get("children", []) if mid != "root"}

        def ours(mid):
            while mid:
                if (menus[mid].get("xmlid") or "").split(".")[0] in SUITE_ADDONS:
                    return True
                mid = parent.get(mid)
            return False

        out = []
        for mid, menu in menus.items():
            if mid == "root" or not ours(mid):
                continue
            path, cur = [], mid
            while cur:
                path.append(menus[cur]["name"])
                cur = parent.get(cur)
            out.append((" / ".join(reversed(path)), menu))
        return sorted(out, key=lambda x: x[0])

    @staticmethod
    def _node_strings(node, model, fields_by_model):
        """(where, string) of one node: its translatable attributes and text, and for a field (or
        the label of one) the field's label, help and selection labels."""
        for attr in TRANSLATED_ATTRS:
            if node.tag == "search" and attr == "string":
                continue  # the search view's title: the web client never shows it
            if attr in node.attrib and not attr.startswith("t-attf-"):
                yield f"<{node.tag} {attr}>", node.get(attr)
        if node.text and node.text.strip():
            yield f"<{node.tag}> text", node.text.strip()
        name = node.get("name") if node.tag == "field" else node.get("for") if node.tag == "label" else None
        info = fields_by_model.get(model, {}).get(name) if name else None
        if not info:
            return
        if not node.get("string"):
            yield f"field {name}", info.get("string")
        if node.tag == "field" and info.get("help") and not node.get("help"):
            yield f"field {name} help", info.get("help")
        if node.tag == "field" and name not in OWN_NAME_SELECTIONS:
            for _key, label in info.get("selection") or []:
                yield f"field {name} selection", label

    def _arch_strings(self, arch, model, fields_by_model):
        """(where, string) of what the arch shows: translatable attributes, texts, field labels,
        helps and selection labels (the fields of x2many sub-views against their own model)."""

        def walk(node, model):
            if not isinstance(node.tag, str) or _literally_invisible(node):
                return
            if node.tag in ("script", "style") or node.get("groups"):
                return
            yield from self._node_strings(node, model, fields_by_model)
            sub_model = model
            if node.tag == "field":
                info = fields_by_model.get(model, {}).get(node.get("name")) or {}
                sub_model = info.get("relation") or model
            for child in node:
                yield from walk(child, sub_model)
                if isinstance(child.tag, str) and child.tail and child.tail.strip():
                    yield f"<{node.tag}> text", child.tail.strip()

        yield from walk(arch, model)

    def _translatable_names(self, model_name, domain, fields):
        """(where, name) of the records of a page of `model_name` and of the records its many2one
        `fields` show, when those records' names are translatable (stages, types, tags...)."""
        Model = self.uenv[model_name]
        out = []

        def names_of(Comodel, records, where):
            """Names of the records a module ships (with an xml id: what a .po file can translate)."""
            rec_field = Comodel._fields.get(Comodel._rec_name or "name")
            if rec_field is None or not rec_field.translate or not rec_field.store or not records:
                return
            shipped = set(
                self.env["ir.model.data"]
                .sudo()
                .search([("model", "=", Comodel._name), ("res_id", "in", records.ids)])
                .mapped("res_id")
            )
            for rec in records:
                if rec.id in shipped:
                    out.append((where, rec[rec_field.name]))

        try:
            records = Model.search(domain, limit=READ_LIMIT)
        except Exception:  # noqa: BLE001 - the role matrix reports screens a user cannot read
            return out
        names_of(Model, records, f"{model_name} records")
        for fname in fields:
            field = Model._fields.get(fname)
            if field is None or field.type not in ("many2one", "many2many") or field.comodel_name not in self.env:
                continue
            try:
                names_of(self.uenv[field.comodel_name], records[fname], f"{model_name}.{fname} values")
            except Exception as exc:  # noqa: BLE001 - values the user may not read: the role matrix says so
                _logger.info("zh_CN screens: %s.%s: %s", model_name, fname, exc)
        return out

    def _screen_strings(self, menu):
        """(model, where, string) of the menu's action and of the views it opens."""
        yield "", "menu", menu["name"]
        if menu.get("action_model") != "ir.actions.act_window":
            if menu.get("action_model"):
                action = self.uenv[menu["action_model"]].sudo().browse(menu["action_id"])
                yield "", "action name", action.name
            return
        # the web client loads actions as superuser (/web/action/load), in the user's language
        action = self.uenv["ir.actions.act_window"].sudo().browse(menu["action_id"])
        yield action.res_model, "action name", action.name
        if action.help:
            yield action.res_model, "action help", etree.fromstring(f"<div>{action.help}</div>").xpath("string()")
        if action.res_model not in self.env:
            return
        views = [(vid, vt) for vid, vt in action.views if vt in VIEW_TYPES]
        if not any(vt == "search" for _vid, vt in views):
            views.append((action.search_view_id.id or False, "search"))
        Model = self.uenv[action.res_model]
        try:
            result = Model.get_views(views, {"action_id": action.id})
        except Exception as exc:  # noqa: BLE001 - the role matrix reports screens that fail
            _logger.info("zh_CN screens: %s: get_views failed: %s", menu["name"], exc)
            return
        fields_by_model = {m: d["fields"] for m, d in result["models"].items()}
        shown = set()
        for vt, view in result["views"].items():
            arch = etree.fromstring(view["arch"])
            for where, text in self._arch_strings(arch, action.res_model, fields_by_model):
                yield action.res_model, f"{vt}: {where}", text
            if vt in ("list", "kanban", "form"):
                shown.update(arch.xpath("./field/@name | .//field[not(ancestor::field)]/@name"))
        try:
            domain = safe_eval(action.domain or "[]", {"uid": self.user.id, "context": {}, "active_id": False})
        except Exception:  # noqa: BLE001 - a domain the web client evaluates with more than we give
            domain = []
        for where, name in self._translatable_names(action.res_model, domain, shown):
            yield action.res_model, where, name

    @classmethod
    def _odoo_own_strings(cls):
        """Strings of Odoo's own modules (the msgids and msgstrs of their .po files) that no module
        of the suite or of the OCA modules it brings uses: English left by Odoo's own translators
        (or kept by them in a translation: "Peppol电子地址（EAS）"), reported apart (Odoo's to fix),
        never counted. A string the suite's side uses too is ours."""
        odoo_own, ours = set(), set()
        modules = cls.env["ir.module.module"].sudo().search([("state", "=", "installed")]).mapped("name")
        for module in modules:
            path = get_module_path(module, display_warning=False)
            if not path:
                continue
            path = Path(path).resolve()
            target = odoo_own if path.is_relative_to(ODOO_ROOT) else ours
            for name in ("zh_CN.po", f"{module}.pot"):
                target |= _po_strings(path / "i18n" / name)
        return odoo_own - ours

    # ------------------------------------------------------------------ the test
    def test_every_screen_of_the_suite_is_chinese(self):
        odoo_own = self._odoo_own_strings()
        found, odoo_found, seen = [], [], set()
        menus = self._menus()
        self.assertTrue(menus, "the user sees no menu of the suite")
        for path, menu in menus:
            for model, where, text in self._screen_strings(menu):
                words = english_words(text)
                key = (model, text)
                if not words or key in seen:
                    continue
                seen.add(key)
                line = f"{path} | {model or '-'} | {where} | {text!r}"
                (odoo_found if text.strip() in odoo_own else found).append(line)
        _logger.info(
            "zh_CN screens: %d menus, %d English strings, %d more of Odoo's own",
            len(menus),
            len(found),
            len(odoo_found),
        )
        logs = Path(os.environ.get("SUITE_TEST_LOG", "")).parent if os.environ.get("SUITE_TEST_LOG") else None
        if logs and logs.is_dir():
            report = found or ["no English string"]
            report += ["English of Odoo's own modules (their zh_CN.po), not counted:", *odoo_found]
            (logs / "zh-cn-screens.txt").write_text("\n".join(report) + "\n")
        if found:
            self.fail(f"{len(found)} English strings on the suite's screens in zh_CN:\n" + "\n".join(found))

    def test_what_buttons_open_and_compute_is_chinese(self):
        """Screens no menu reaches and texts the server writes: the event invitation's level
        filter (a wizard), and the reasons of a match ("藏家级别：core" before)."""
        if "collector.event.invite" not in self.env:
            self.skipTest("collector_crm is not installed")
        levels = self.uenv["collector.event.invite"].fields_get(["collector_level_ids"], ["selection"])
        labels = [label for _key, label in levels["collector_level_ids"]["selection"]]
        self.assertTrue(labels)
        self.assertEqual([label for label in labels if english_words(label)], [], "level filter in English")
        reasons = self.uenv["collector.match"]._describe_reasons(["level:core", "interest:artist"])
        self.assertNotIn("core", " ".join(reasons))
        self.assertEqual([r for r in reasons if english_words(r)], [], "match reasons in English")
