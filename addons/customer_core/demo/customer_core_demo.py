# pylint: disable=consider-merging-classes-inherited
# (the demo's res.company methods stay under demo/, apart from the models production runs)
"""Demo helpers of the group every line's demo builds on (demo only: called from the demo files).

The demo is a Chinese group in CNY: its head office is a root company of its own (Odoo's
``base.main_company`` keeps its dollars, its journal items and Odoo's tests), every store, studio
and gallery a branch of it (branches share their root's currency and chart of accounts).
"""

from odoo import Command, api, models

GROUP = "customer_core.demo_company_group"


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _customer_demo_group_accounting(self):
        """Chart of accounts and Chinese VAT (增值税) for the demo group, once ``account`` is installed.

        A line that brings ``account`` calls this before it creates its branches. customer_core does
        not depend on ``account`` and Odoo has no Chinese chart unless ``l10n_cn`` is installed (a
        line must not pull it in): the group gets Odoo's generic chart, kept in CNY and China, with
        the Chinese VAT rates as its default taxes, prices tax-included as Chinese retail shows them.
        """
        group = self.env.ref(GROUP, raise_if_not_found=False)
        if not group or "account.chart.template" not in self.env or group.chart_template:
            return
        china = self.env.ref("base.cn")
        cny = self.env.ref("base.CNY")
        # as res.company.create does for a branch: Odoo's try_loading warns on a registry being loaded
        self.env["account.chart.template"]._load("generic_coa", group, install_demo=False)
        # the generic chart sets the US as fiscal country and its currency: the group is in China, in
        # CNY. Storno accounting (mandatory in China's localization) stays off: a branch Odoo creates
        # later gets the generic chart's US fiscal country first, and must then match its root.
        group.write({"currency_id": cny.id, "account_fiscal_country_id": china.id, "account_storno": False})
        Tax = self.env["account.tax"].with_context(active_test=False)
        generic = Tax.search([("company_id", "=", group.id)])
        tax_group = generic.tax_group_id[:1].copy({"name": "增值税", "company_id": group.id, "country_id": china.id})
        tax_group.with_context(lang="en_US").name = "VAT"
        taxes = {}
        for key, use, amount, zh, en, description in (
            ("sale_13", "sale", 13, "增值税 13%（货物）", "VAT 13% (goods)", "13%"),
            ("sale_6", "sale", 6, "增值税 6%（服务）", "VAT 6% (services)", "6%"),
            ("purchase_13", "purchase", 13, "进项增值税 13%", "Input VAT 13%", "13%"),
            ("purchase_6", "purchase", 6, "进项增值税 6%", "Input VAT 6%", "6%"),
        ):
            model = generic.filtered(lambda t, u=use: t.type_tax_use == u and t.amount_type == "percent")[:1]
            tax = model.copy(
                {
                    "name": zh,
                    "amount": amount,
                    "description": description,
                    "country_id": china.id,
                    "tax_group_id": tax_group.id,
                    "active": True,
                }
            )
            tax.with_context(lang="en_US").name = en
            if self.env["res.lang"]._get_code("zh_CN"):
                tax.with_context(lang="zh_CN").name = zh
            self.env["ir.model.data"].create(
                {
                    "module": "customer_core",
                    "name": f"demo_tax_{key}",
                    "model": "account.tax",
                    "res_id": tax.id,
                    "noupdate": True,
                }
            )
            taxes[key] = tax
        # the generic chart's US-style taxes are not the group's: the products account gave them get
        # the group's VAT instead (as account does with a new company's default taxes)
        Template = self.env["product.template"].with_context(active_test=False)
        for fname, tax in (("taxes_id", taxes["sale_13"]), ("supplier_taxes_id", taxes["purchase_13"])):
            Template.search([(fname, "in", generic.ids)]).write(
                {fname: [Command.unlink(t.id) for t in generic] + [Command.link(tax.id)]}
            )
        generic.active = False
        group.write(
            {
                "account_sale_tax_id": taxes["sale_13"].id,
                "account_purchase_tax_id": taxes["purchase_13"].id,
                "account_price_include": "tax_included",
            }
        )
        self._customer_demo_group_branches()

    @api.model
    def _customer_demo_group_branches(self):
        """The group's branches in China too: account gives a new branch its root's chart at commit
        (with the generic chart's US fiscal country); a line's demo calls this after it creates its
        branches, before it books anything in them."""
        group = self.env.ref(GROUP, raise_if_not_found=False)
        if not group or "account.chart.template" not in self.env or not group.chart_template:
            return
        self.env.cr.precommit.run()
        branches = self.search([("id", "child_of", group.id), ("id", "!=", group.id)])
        branches.filtered(lambda b: b.account_fiscal_country_id != group.account_fiscal_country_id).write(
            {"account_fiscal_country_id": group.account_fiscal_country_id.id, "account_storno": group.account_storno}
        )
        # prices tax-included in the branches too (Odoo refuses the change once a branch has invoiced)
        branches.filtered(
            lambda b: b.account_price_include != group.account_price_include and not b._existing_accounting()
        ).write({"account_price_include": group.account_price_include})


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _customer_demo_speak_chinese(self, user_ids):
        """The demo users work in Chinese where the database has the language (a database without
        zh_CN, the way Odoo's runner tests one addon, keeps them in English), in Shanghai's time."""
        users = self.browse(user_ids)
        users.write({"tz": "Asia/Shanghai"})
        if self.env["res.lang"]._get_code("zh_CN"):
            users.write({"lang": "zh_CN"})
            users.partner_id.write({"lang": "zh_CN"})

    @api.model
    def _customer_demo_group_companies(self, user_ids, company_ids):
        """Give the demo users (the head office, the administrator: the one documented exception)
        the group's companies a line's demo creates."""
        self.browse(user_ids).write({"company_ids": [Command.link(cid) for cid in company_ids]})


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _customer_demo_translate(self, terms):
        """Chinese values of the demo records' translatable fields, where the database has the
        language: ``terms`` is a list of (xmlid, field name, Chinese value); the English value the
        demo file wrote stays for English users."""
        if not self._get_code("zh_CN"):
            return
        for xmlid, fname, value in terms:
            self.env.ref(xmlid).with_context(lang="zh_CN").write({fname: value})

    @api.model
    def _customer_demo_in_chinese(self, model, method, *args):
        """Run a demo generator ``model.method(*args)`` in Chinese where the database has the
        language, so that what it writes in the chatter (tracked states and stages) reads Chinese;
        a database without zh_CN (Odoo's runner on one addon) runs it in English."""
        target = self.env[model]
        if self._get_code("zh_CN"):
            target = target.with_context(lang="zh_CN")
        return getattr(target, method)(*args)
