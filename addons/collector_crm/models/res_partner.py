from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .auditlog_rule import writable_env
from .collector_private_info import PAYMENT_PREFERENCES, PRIVATE_FIELDS

COLLECTOR_LEVELS = [
    ("core", "Core collector"),
    ("potential", "Potential collector"),
    ("occasional", "Occasional buyer"),
    ("institution", "Institution"),
]

# Contact data a finance user must not receive (see group_collector_finance).
FINANCE_HIDDEN_FIELDS = frozenset(
    {
        "email",
        "email_normalized",
        "email_formatted",
        "phone",
        "phone_sanitized",
        "phone_mobile_search",
        "street",
        "street2",
        "private_phone",
        "private_address",
        "contact_address",
    }
)
# The names an anonymous collector is hidden under (read, export, search).
NAME_FIELDS = frozenset({"name", "complete_name", "commercial_company_name"})
NAME_SEARCH_FIELDS = NAME_FIELDS | {"display_name"}
# What tells who an anonymous collector is: a search or group-by on them leaves the collector out.
ANONYMOUS_FIELDS = NAME_SEARCH_FIELDS | FINANCE_HIDDEN_FIELDS
PRIVATE_GROUPS = "customer_core.group_customer_user"
# Private data of a core collector whose reads are audit-logged (auditlog.log, method "read"). The
# budget and preferences of the private file are logged on collector.private.info instead.
AUDITED_PRIVATE_FIELDS = frozenset(
    {
        "email",
        "phone",
        "street",
        "street2",
        "zip",
        "city",
        "private_phone",
        "private_address",
        "birthday",
        "customer_budget",
    }
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_collector = fields.Boolean(string="Collector", index=True)
    collector_level = fields.Selection(COLLECTOR_LEVELS, string="Collector level", index=True, tracking=True)
    collector_core_date = fields.Date(
        string="Core collector since",
        copy=False,
        help="Set when the collector becomes a core collector.",
    )
    collector_core_half = fields.Char(
        string="Became core (half-year)", compute="_compute_collector_core_half", store=True
    )
    collector_source_id = fields.Many2one("utm.source", string="Collector source")
    collector_tag_ids = fields.Many2many(
        "collector.tag",
        "collector_tag_res_partner_rel",
        "partner_id",
        "tag_id",
        string="Collector tags",
    )
    # the collector's records live in models only customer users may read: a partner read by anyone
    # else (a plain Sales user, an accountant, a stock user) leaves these fields out instead of failing
    collector_interest_ids = fields.One2many(
        "collector.interest", "partner_id", string="Interests", groups=PRIVATE_GROUPS
    )
    collection_item_ids = fields.One2many(
        "collector.collection.item", "partner_id", string="Collection", groups=PRIVATE_GROUPS
    )
    collection_owned_ids = fields.One2many(
        "collector.collection.item",
        "partner_id",
        domain=[("ownership", "=", "owned")],
        string="Owned",
        groups=PRIVATE_GROUPS,
    )
    collection_previous_ids = fields.One2many(
        "collector.collection.item",
        "partner_id",
        domain=[("ownership", "=", "previously_owned")],
        string="Previously owned",
        groups=PRIVATE_GROUPS,
    )
    collection_wanted_ids = fields.One2many(
        "collector.collection.item",
        "partner_id",
        domain=[("ownership", "=", "wanted")],
        string="Wanted",
        groups=PRIVATE_GROUPS,
    )
    collector_contact_preference = fields.Selection(
        [
            ("wechat", "WeChat"),
            ("phone", "Phone call"),
            ("email", "E-mail"),
            ("in_person", "In person"),
            ("assistant", "Through their assistant"),
        ],
        string="Preferred contact",
    )
    collector_contact_time = fields.Char(string="Best time to contact")
    collector_anonymous = fields.Boolean(
        string="Anonymous",
        help="Hide the collector's name from everyone but the advisor and the managers "
        "(lists, reports, provenance chain).",
    )
    collector_private_ids = fields.One2many(
        "collector.private.info", "partner_id", string="Private file", groups=PRIVATE_GROUPS
    )
    # Finance sends, prints and matches a collector's invoices through this child address (Odoo's
    # "Invoice Address" type: sales orders take it as their invoice address): it holds what an
    # invoice needs, and it is the only contact of the collector whose data finance receives.
    collector_invoice_partner_id = fields.Many2one(
        "res.partner",
        string="Invoicing contact",
        compute="_compute_collector_invoice_partner_id",
        groups=PRIVATE_GROUPS,
    )
    # The private file, shown on the collector's form (reads are audit-logged for core collectors).
    budget_min = fields.Monetary(
        string="Budget from",
        currency_field="budget_currency_id",
        compute="_compute_collector_private",
        inverse="_inverse_collector_private",
        groups=PRIVATE_GROUPS,
    )
    budget_max = fields.Monetary(
        string="Budget up to",
        currency_field="budget_currency_id",
        compute="_compute_collector_private",
        inverse="_inverse_collector_private",
        groups=PRIVATE_GROUPS,
    )
    budget_currency_id = fields.Many2one(
        "res.currency",
        string="Budget currency",
        compute="_compute_collector_private",
        inverse="_inverse_collector_private",
        groups=PRIVATE_GROUPS,
    )
    payment_preference = fields.Selection(
        selection=PAYMENT_PREFERENCES,  # a list (not a callable): its labels are translated
        compute="_compute_collector_private",
        inverse="_inverse_collector_private",
        groups=PRIVATE_GROUPS,
    )
    shipping_preference = fields.Char(
        compute="_compute_collector_private", inverse="_inverse_collector_private", groups=PRIVATE_GROUPS
    )
    insurance_preference = fields.Char(
        compute="_compute_collector_private", inverse="_inverse_collector_private", groups=PRIVATE_GROUPS
    )
    framing_preference = fields.Char(
        compute="_compute_collector_private", inverse="_inverse_collector_private", groups=PRIVATE_GROUPS
    )
    advisor_note = fields.Text(
        string="Advisor's private note",
        compute="_compute_collector_private",
        inverse="_inverse_collector_private",
        groups=PRIVATE_GROUPS,
    )
    collector_match_ids = fields.One2many("collector.match", "partner_id", string="Matches", groups=PRIVATE_GROUPS)
    collector_match_count = fields.Integer(compute="_compute_collector_counts", groups=PRIVATE_GROUPS)
    collector_recommendation_count = fields.Integer(compute="_compute_collector_counts", groups=PRIVATE_GROUPS)
    collector_relation_count = fields.Integer(compute="_compute_collector_counts", groups=PRIVATE_GROUPS)
    collector_purchase_total = fields.Monetary(
        string="Purchases",
        compute="_compute_collector_purchase_total",
        currency_field="currency_id",
        groups=PRIVATE_GROUPS,
    )
    # the collector's form: the relations and recommendations the user may read (record rules apply)
    collector_relation_ids = fields.Many2many(
        "res.partner.relation",
        string="Relations of the collector",
        compute="_compute_collector_relation_ids",
        groups=PRIVATE_GROUPS,
    )
    collector_recommendation_ids = fields.One2many(
        "collector.recommendation", "partner_id", string="Recommendations", groups=PRIVATE_GROUPS
    )

    @api.model
    def _collector_demo_speak_chinese(self, xmlids):
        """Demo data: these collectors speak Chinese, where the database has the language (their
        mails render in it: an inactive language would fail them)."""
        if self.env["res.lang"]._get_code("zh_CN"):
            self.browse([self.env.ref(f"collector_crm.{xmlid}").id for xmlid in xmlids]).write({"lang": "zh_CN"})

    @api.model
    def _collector_demo_creation_in_chinese(self):
        """Demo data: the "… created" line the chatter of each record of this demo starts with, in
        Chinese where the database has the language (the demo is loaded in the installer's English:
        "Contact created" read English in a zh_CN user's chatter)."""
        if not self.env["res.lang"]._get_code("zh_CN"):
            return
        res_ids = {}
        for data in self.env["ir.model.data"].sudo().search([("module", "=", "collector_crm")]):
            res_ids.setdefault(data.model, []).append(data.res_id)
        for model, ids in res_ids.items():
            if model not in self.env or not hasattr(self.env[model], "_creation_message"):
                continue
            records = self.env[model].sudo().browse(ids).exists()
            for record in records:
                english = record.with_context(lang="en_US")._creation_message()
                chinese = record.with_context(lang="zh_CN")._creation_message()
                if english == chinese:
                    continue
                self.env.cr.execute(
                    SQL(
                        "UPDATE mail_message SET body = %s WHERE model = %s AND res_id = %s AND body = %s",
                        str(Markup("<p>%s</p>") % chinese),
                        model,
                        record.id,
                        str(Markup("<p>%s</p>") % english),
                    )
                )
        self.env["mail.message"].invalidate_model(["body"])

    # ------------------------------------------------------------------------------------------
    # finance: amounts, not the collectors' contact data
    # ------------------------------------------------------------------------------------------
    def _collector_finance_only(self):
        return not self.env.su and self.env.user.has_group("collector_crm.group_collector_finance")

    def _collector_contact_private(self):
        """The partners among ``self`` whose contact data the current user does not receive.

        Finance users (group *Finance: amounts only*) get no e-mail, phone or street of a
        collector or of a collector's contact. Decided per record, on what the ORM hands out
        (read, export, search, group-by): Odoo's own flows (send an invoice, print it with the
        address, register a payment, match a bank line) read the fields on the records and keep
        working; suppliers and customers who are not collectors are not concerned.
        """
        if not self or not self._collector_finance_only():
            return self.browse()
        return (
            self.sudo()
            .filtered(
                lambda p: p.is_collector or (p.commercial_partner_id.is_collector and not p._collector_invoicing())
            )
            .with_env(self.env)
        )

    def _collector_invoicing(self):
        """Whether this partner is a collector's invoicing contact (a child address of type
        "Invoice Address", not a collector itself): what it holds is given to finance."""
        self.ensure_one()
        return self.type == "invoice" and bool(self.parent_id) and not self.is_collector

    @api.model
    def _collector_not_private_domain(self):
        """Partners who are neither collectors nor contacts of a collector (any user's view)."""
        collectors = self.sudo()._search([("is_collector", "=", True)], active_test=False)
        invoicing = Domain("type", "=", "invoice") & Domain("parent_id", "!=", False)
        return Domain("is_collector", "!=", True) & (Domain("commercial_partner_id", "not in", collectors) | invoicing)

    @api.model
    def _collector_search_domain(self, domain):
        """The domain a user's search really runs: conditions on the contact data of collectors
        (finance users) and on the real name of anonymous collectors (everyone but their advisor
        and the managers) never match them, so a search cannot reveal what a read would not."""
        if self.env.su:
            return domain
        finance = self._collector_finance_only()
        anonymity = not self._collector_sees_all_names()
        if not (finance or anonymity):
            return domain
        wrappers = {}

        def guard(condition):
            fname = condition.field_expr.split(".")[0]
            if finance and fname in FINANCE_HIDDEN_FIELDS:
                if "finance" not in wrappers:
                    wrappers["finance"] = self._collector_not_private_domain()
                condition &= wrappers["finance"]
            if anonymity and fname in ANONYMOUS_FIELDS:
                condition &= self._collector_named_domain()
            return condition

        return Domain(domain).map_conditions(guard)

    @api.model
    def _collector_named_domain(self):
        """Partners whose name the current user may know: not anonymous, or their own collector."""
        own = Domain("collector_anonymous", "!=", True) | Domain("user_id", "=", self.env.uid)
        # a contact of an anonymous collector (an assistant, the invoicing contact) is named after it
        parent = (
            Domain("parent_id", "=", False)
            | Domain("parent_id.collector_anonymous", "!=", True)
            | Domain("parent_id.user_id", "=", self.env.uid)
        )
        return own & parent

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, active_test=True, bypass_access=False):
        domain = self._collector_search_domain(domain)
        return super()._search(
            domain, offset=offset, limit=limit, order=order, active_test=active_test, bypass_access=bypass_access
        )

    @api.model
    def _search_display_name(self, operator, value):
        """The name search of a user: by e-mail, not for the collectors hidden from finance."""
        return self._collector_search_domain(super()._search_display_name(operator, value))

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        """Grouping or aggregating on contact data leaves out the collectors hidden from finance,
        on names the anonymous collectors hidden from the user."""
        specs = {spec.split(":")[0].split(".")[0] for spec in (*groupby, *aggregates)}
        if FINANCE_HIDDEN_FIELDS.intersection(specs) and self._collector_finance_only():
            domain = Domain(domain) & self._collector_not_private_domain()
        if ANONYMOUS_FIELDS.intersection(specs) and not self.env.su and not self._collector_sees_all_names():
            domain = Domain(domain) & self._collector_named_domain()
        return super()._read_group(
            domain, groupby=groupby, aggregates=aggregates, having=having, offset=offset, limit=limit, order=order
        )

    def _retrieve_partner(self, name=None, phone=None, email=None, vat=None, domain=None, company=None):
        """Finding the partner of an imported bill (by e-mail or phone) works for finance users too:
        the match is made without their restriction and returned only if they may read it."""
        values = {"name": name, "phone": phone, "email": email, "vat": vat, "domain": domain}
        if not self._collector_finance_only():
            return super()._retrieve_partner(company=company, **values)
        partner = super(ResPartner, self.sudo())._retrieve_partner(company=company or self.env.company, **values)
        return partner.with_env(self.env)._filtered_access("read")

    def _read_format(self, fnames, load="_classic_read"):
        """What read(), search_read(), web_read() and the mail store return: anonymous collectors
        under their alias, no contact data of collectors for finance users, and an audit log of
        the private fields of core collectors."""
        result = super()._read_format(fnames, load=load)
        if not result:
            return result
        partners = self.browse([values["id"] for values in result])
        names = NAME_FIELDS.intersection(result[0])
        hidden = set(partners._collector_hidden().ids) if names else set()
        contact = FINANCE_HIDDEN_FIELDS.intersection(result[0])
        # an anonymous collector's e-mail or phone would tell who it is
        private = set((partners._collector_contact_private() | partners._collector_hidden()).ids) if contact else set()
        for values in result:
            if values["id"] in hidden:
                values.update(dict.fromkeys(names, self.browse(values["id"])._collector_anonymous_name()))
            if values["id"] in private:
                values.update(dict.fromkeys(contact, False))
        # no context key skips the log: a client sends any context it likes (auditlog_disabled_read, ...)
        if not self.env.su:
            withheld = self.browse(private)
            (partners - withheld)._collector_audit_private(result[0].keys(), "read")
            withheld._collector_audit_private(result[0].keys() - contact, "read")
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        """Exports (also of a partner column from another model, e.g. ``partner_id/email`` of
        orders) carry the alias of anonymous collectors and no contact data for finance users."""
        hidden = self._collector_hidden()
        private = self._collector_contact_private() | hidden
        if not private:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        name_columns = [i for i, path in enumerate(fields) if path and path[0] in NAME_SEARCH_FIELDS]
        contact_columns = [i for i, path in enumerate(fields) if path and path[0] in FINANCE_HIDDEN_FIELDS]
        rows = []
        batch = self.browse()
        # records are exported in order; the private ones one by one (their first row is theirs,
        # the following rows belong to their x2many lines)
        for partner in self:
            if partner not in private:
                batch |= partner
                continue
            if batch:
                rows.extend(super(ResPartner, batch)._export_rows(fields, _is_toplevel_call=_is_toplevel_call))
                batch = self.browse()
            datas = super(ResPartner, partner)._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
            if datas:
                if partner in hidden:
                    for i in name_columns:
                        datas[0][i] = partner._collector_anonymous_name()
                if partner in private:
                    for i in contact_columns:
                        datas[0][i] = ""
            rows.extend(datas)
        if batch:
            rows.extend(super(ResPartner, batch)._export_rows(fields, _is_toplevel_call=_is_toplevel_call))
        return rows

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if not self.env.su:
            exported = {path.split("/")[0] for path in fields_to_export}
            private = self._collector_contact_private()
            (self - private)._collector_audit_private(exported, "export_data")
            private._collector_audit_private(exported - FINANCE_HIDDEN_FIELDS, "export_data")
        return result

    def _collector_audit_private(self, fnames, method):
        """Log in OCA auditlog which private fields of core collectors the user received.

        auditlog's rules are per model and log every read of every record: a rule on res.partner
        would log each contact the suite ever reads and would be the only rule allowed on the model.
        So the partner's reads are logged here, into auditlog's own logs (Settings → Technical →
        Audit → Logs), for core collectors and these fields only; the values are not copied.
        """
        audited = sorted(AUDITED_PRIVATE_FIELDS.intersection(fnames))
        if not audited:
            return
        core = self.sudo().filtered(lambda p: p.collector_level == "core")
        if not core:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        field_ids = dict(
            self.env["ir.model.fields"]
            .sudo()
            .search_fetch([("model", "=", self._name), ("name", "in", audited)], ["name"])
            .mapped(lambda f: (f.name, f.id))
        )
        names = [(partner.id, partner.name) for partner in core]
        # a read served on a read-only cursor (the web client's, JSON-2) is logged all the same
        with writable_env(self.env) as env:
            request_id = env["auditlog.http.request"].sudo().current_http_request()
            session_id = env["auditlog.http.session"].sudo().current_http_session()
            env["auditlog.log"].sudo().create(
                [
                    {
                        "name": name,
                        "model_id": model_id,
                        "res_id": partner_id,
                        "method": method,
                        "user_id": env.uid,
                        "http_request_id": request_id,
                        "http_session_id": session_id,
                        "log_type": "fast",
                        "line_ids": [
                            Command.create({"field_id": field_ids[fname], "old_value_text": "", "new_value_text": ""})
                            for fname in audited
                            if fname in field_ids
                        ],
                    }
                    for partner_id, name in names
                ]
            )

    @api.depends("collector_core_date")
    def _compute_collector_core_half(self):
        for partner in self:
            day = partner.collector_core_date
            partner.collector_core_half = day and f"{day.year}-H{1 if day.month <= 6 else 2}"

    @api.depends_context("uid")
    @api.depends("collector_private_ids")
    def _compute_collector_private(self):
        # search() applies the record rules of the current user: another advisor gets nothing
        infos = self.env["collector.private.info"].search([("partner_id", "in", self.ids)])
        info_by_partner = {info.partner_id.id: info for info in infos}
        for partner in self:
            info = info_by_partner.get(partner.id, self.env["collector.private.info"])
            if info and partner.collector_level == "core":
                # through read(): the auditlog rule on collector.private.info logs it
                values = info.read(PRIVATE_FIELDS, load="_classic_write")[0]
                values["budget_currency_id"] = self.env["res.currency"].browse(values["budget_currency_id"])
            else:
                values = {fname: info[fname] for fname in PRIVATE_FIELDS}
            for fname in PRIVATE_FIELDS:
                partner[fname] = values[fname] if info else False
            if not info or not values["budget_currency_id"]:
                partner.budget_currency_id = partner.company_id.currency_id or self.env.company.currency_id

    def _inverse_collector_private(self):
        for partner in self:
            values = {fname: partner[fname] for fname in PRIVATE_FIELDS}
            values["budget_currency_id"] = values["budget_currency_id"].id
            info = self.env["collector.private.info"].search([("partner_id", "=", partner.id)], limit=1)
            if info:
                info.write(values)
            else:
                self.env["collector.private.info"].create({"partner_id": partner.id, **values})

    @api.depends("child_ids.type", "child_ids.active")
    def _compute_collector_invoice_partner_id(self):
        for partner in self:
            invoicing = partner.child_ids.filtered(lambda child: child.type == "invoice")
            partner.collector_invoice_partner_id = invoicing[:1]

    def _compute_collector_counts(self):
        matches = dict(
            self.env["collector.match"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        recos = dict(
            self.env["collector.recommendation"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.collector_match_count = matches.get(partner, 0)
            partner.collector_recommendation_count = recos.get(partner, 0)
            partner.collector_relation_count = partner.relation_count

    @api.depends_context("uid")
    def _compute_collector_relation_ids(self):
        if not self.ids:
            self.collector_relation_ids = False
            return
        relations = self.env["res.partner.relation"].search(
            ["|", ("left_partner_id", "in", self.ids), ("right_partner_id", "in", self.ids)]
        )
        for partner in self:
            partner.collector_relation_ids = relations.filtered(
                lambda r, p=partner: p in (r.left_partner_id | r.right_partner_id)
            )

    def _compute_collector_purchase_total(self):
        totals = dict(
            self.env["sale.order"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "sale")],
                ["partner_id"],
                ["amount_untaxed:sum"],
            )
        )
        for partner in self:
            partner.collector_purchase_total = totals.get(partner, 0.0)

    @api.depends_context(
        "show_address", "partner_show_db_id", "show_email", "show_vat", "lang", "formatted_display_name", "uid"
    )
    def _compute_display_name(self):
        res = super()._compute_display_name()
        if self.env.context.get("show_address") or self.env.context.get("show_email"):
            # the invoice form shows the customer with the address: not a collector's to finance
            private = self._collector_contact_private()
            if private:
                plain = private.with_context(show_address=False, show_email=False)
                super(ResPartner, plain)._compute_display_name()
                for partner, without in zip(private, plain, strict=True):
                    partner.display_name = without.display_name
        for partner in self._collector_hidden():
            partner.display_name = partner._collector_anonymous_name()
        return res

    def _collector_sees_all_names(self):
        return self.env.uid == SUPERUSER_ID or self.env.user.has_group("customer_core.group_customer_manager")

    def _collector_hidden(self):
        """The anonymous collectors among ``self``, and their contacts, whose name the current user
        may not see.

        Everyone but the collector's advisor and the customer managers. Decided on the real user
        (``env.uid``), also under sudo: Odoo renders many2one values and group labels (lists,
        pivots, the provenance chain) with ``sudo().display_name``.
        """
        if not self or self._collector_sees_all_names():
            return self.browse()
        uid = self.env.uid
        return (
            self.sudo()
            .filtered(
                lambda p: (
                    (p.collector_anonymous and p.user_id.id != uid)
                    # its contacts (an assistant, the invoicing contact) carry its name
                    or (p.parent_id.collector_anonymous and p.parent_id.user_id.id != uid)
                )
            )
            .with_env(self.env)
        )

    @api.model
    def _collector_mask_rows(self, rows, partner_ids, names=(), contact=()):
        """Mask what ``read()`` returns for records of another model that copy a partner's name or
        contact data (followers, registrations): in the rows whose partner (``partner_ids``, one
        per row) is an anonymous collector the user may not name, ``names`` become the alias and
        ``contact`` fields are blanked."""
        hidden = set(self.browse(set(filter(None, partner_ids)))._collector_hidden().ids)
        if hidden:
            for values, partner_id in zip(rows, partner_ids, strict=True):
                if partner_id in hidden:
                    values.update(dict.fromkeys(names, self.browse(partner_id)._collector_anonymous_name()))
                    values.update(dict.fromkeys(contact, False))
        return rows

    def _collector_anonymous_name(self):
        self.ensure_one()
        return self.env._("Anonymous collector #%(ref)s", ref=self.id)

    def _collector_public_name(self):
        """The name printed on documents (provenance chain): "Private collector" when hidden."""
        self.ensure_one()
        return self.env._("Private collector") if self._collector_hidden() else self.name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("collector_level") == "core" and not vals.get("collector_core_date"):
                vals["collector_core_date"] = fields.Date.context_today(self)
            if vals.get("collector_level"):
                vals.setdefault("is_collector", True)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("collector_level") == "core" and "collector_core_date" not in vals:
            for partner in self.filtered(lambda p: p.collector_level != "core" and not p.collector_core_date):
                super(ResPartner, partner).write({"collector_core_date": fields.Date.context_today(self)})
        if vals.get("collector_level"):
            vals.setdefault("is_collector", True)
        return super().write(vals)

    # ------------------------------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------------------------------
    def action_log_interaction(self):
        """From a collector the dialog names the person "Collector" (藏家), not "Customer"."""
        action = super().action_log_interaction()
        if self.is_collector:
            view = self.env.ref("collector_crm.customer_interaction_log_view_form_collector")
            action["views"] = [(view.id, "form")]
        return action

    def action_view_relations(self):
        """partner_multi_relation's window of a partner's relations, titled in the reader's language
        (its own title is a term of its Python code that its Chinese file leaves empty)."""
        action = super().action_view_relations()
        action["name"] = self.env._("Relations of %(partner)s", partner=self.display_name)
        return action

    def action_collector_graph(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "collector_crm.relation_graph",
            "name": self.env._("Relationships of %(collector)s", collector=self.display_name),
            "params": {"partner_id": self.id, "depth": 2},
        }

    def action_collector_matches(self):
        self.ensure_one()
        self.env["collector.match"]._match_artworks_for(self)
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.collector_match_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id, "search_default_group_origin": 0}
        return action

    def action_collector_recommendations(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.collector_recommendation_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_collector_purchases(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("sale.action_orders")
        action["domain"] = [("partner_id", "=", self.id), ("state", "=", "sale")]
        return action

    def action_collector_recommend(self):
        """The recommendation dialog for this collector (the works themselves are chosen in it)."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.collector_recommend_wizard_action")
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_open_collector_profile(self):
        """The collector's own form (from the generic contact form)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collector"),
            "res_model": "res.partner",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("collector_crm.res_partner_view_form_collector_profile").id, "form")],
        }

    def action_collector_invoicing_contact(self):
        """The collector's invoicing contact, or a new one: the name and address the invoices carry
        and the e-mail they are sent to (finance reads this contact, never the collector's own)."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoicing contact"),
            "res_model": "res.partner",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
        if self.collector_invoice_partner_id:
            return {**action, "res_id": self.collector_invoice_partner_id.id}
        return {
            **action,
            "context": {
                "default_parent_id": self.id,
                "default_type": "invoice",
                "default_name": self.name,
                "default_lang": self.lang,
            },
        }

    def action_collector_artwork_history(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("collector_crm.customer_interaction_artwork_action")
        action["domain"] = [("partner_id", "=", self.id), ("artwork_ids", "!=", False)]
        return action

    # ------------------------------------------------------------------------------------------
    # relationship graph
    # ------------------------------------------------------------------------------------------
    def collector_relation_graph(self, depth=2):
        """Nodes and edges of the relations around this partner, to ``depth`` hops.

        One recursive SQL query walks the relations and returns the nodes with what the graph
        shows and the edges with their type; one search applies the user's record rules. Partners
        the user may not read are shown without name and cannot be opened; anonymous collectors
        show their alias to everyone but their advisor and the managers.
        """
        self.ensure_one()
        depth = max(1, min(int(depth), 3))
        self.check_access("read")
        self.env["res.partner.relation"].flush_model()
        self.flush_model(["name", "is_collector", "collector_level", "collector_anonymous", "user_id"])
        lang = self.env.lang or "en_US"
        rows = self.env.execute_query(
            SQL(
                """
                WITH RECURSIVE walk(partner_id, level) AS (
                    SELECT %(start)s, 0
                    UNION
                    SELECT CASE WHEN r.left_partner_id = w.partner_id
                                THEN r.right_partner_id ELSE r.left_partner_id END,
                           w.level + 1
                      FROM walk w
                      JOIN res_partner_relation r
                        ON (r.left_partner_id = w.partner_id OR r.right_partner_id = w.partner_id)
                       AND r.active
                     WHERE w.level < %(depth)s
                ), nodes AS (
                    SELECT partner_id, MIN(level) AS level FROM walk GROUP BY partner_id
                )
                SELECT 'n', n.partner_id, n.level, p.name, p.is_collector, p.collector_level,
                       p.is_artist, p.collector_anonymous, p.user_id, NULL::int, NULL::bool
                  FROM nodes n JOIN res_partner p ON p.id = n.partner_id
                UNION ALL
                SELECT 'e', r.id, NULL, COALESCE(t.name->>%(lang)s, t.name->>'en_US'), NULL, NULL,
                       NULL, NULL, r.left_partner_id, r.right_partner_id, t.is_symmetric
                  FROM res_partner_relation r
                  JOIN res_partner_relation_type t ON t.id = r.type_id
                 WHERE r.active
                   AND r.left_partner_id IN (SELECT partner_id FROM nodes)
                   AND r.right_partner_id IN (SELECT partner_id FROM nodes)
                """,
                start=self.id,
                depth=depth,
                lang=lang,
            )
        )
        node_rows = [row for row in rows if row[0] == "n"]
        readable = set(self.search([("id", "in", [row[1] for row in node_rows])], order="id").ids) | {self.id}
        anonymous_ids = [row[1] for row in node_rows if row[7] and row[1] in readable]
        hidden = set(self.browse(anonymous_ids)._collector_hidden().ids) if anonymous_ids else set()
        nodes = []
        for _kind, pid, level, name, is_collector, collector_level, is_artist, *_rest in node_rows:
            visible = pid in readable
            if not visible:
                label = self.env._("Private contact")
            elif pid in hidden:
                label = self.browse(pid)._collector_anonymous_name()
            else:
                label = name
            nodes.append(
                {
                    "id": pid,
                    "label": label,
                    "level": level,
                    "readable": visible,
                    "is_collector": visible and bool(is_collector),
                    "is_artist": visible and bool(is_artist),
                    "collector_level": visible and collector_level or False,
                }
            )
        edges = [
            {"id": row[1], "from": row[8], "to": row[9], "label": row[3], "symmetric": bool(row[10])}
            for row in rows
            if row[0] == "e"
        ]
        return {"root": self.id, "nodes": nodes, "edges": edges}

    # ------------------------------------------------------------------------------------------
    # care
    # ------------------------------------------------------------------------------------------
    @api.model
    def _cron_collector_no_contact(self, days=90):
        """An activity for the advisor of each core collector not contacted for ``days`` days.

        Once per silence: not while a reminder is open, nor within ``days`` days of the last one
        marked done (done activities are archived, they stay in the table)."""
        activity_type = self.env.ref("collector_crm.mail_activity_type_collector_no_contact")
        limit = fields.Datetime.now() - timedelta(days=days)
        model_id = self.env["ir.model"]._get_id("res.partner")
        self.env["mail.activity"].flush_model()
        self.flush_model(["is_collector", "collector_level", "last_contact_date", "user_id", "active"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id FROM res_partner p
                 WHERE p.active AND p.is_collector AND p.collector_level = 'core'
                   AND p.user_id IS NOT NULL
                   AND (p.last_contact_date IS NULL OR p.last_contact_date < %(limit)s)
                   AND NOT EXISTS (
                       SELECT 1 FROM mail_activity a
                        WHERE a.res_model_id = %(model_id)s AND a.res_id = p.id
                          AND a.activity_type_id = %(type_id)s
                          AND (a.active OR a.date_done >= %(limit_day)s))
                """,
                limit=limit,
                limit_day=limit.date(),
                model_id=model_id,
                type_id=activity_type.id,
            )
        )
        partners = self.browse([row[0] for row in rows])
        for partner in partners:
            partner.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=partner.user_id.id,
                summary=self.env._("No contact for %(days)s days", days=days),
            )
        return partners
