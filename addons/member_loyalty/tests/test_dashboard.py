import json
import re
from datetime import timedelta
from xmlrpc.client import Fault

from odoo import Command, fields
from odoo.fields import Domain
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MemberLoyaltyCommon

# the figures a chain manager reads on the dashboard, each from a pivot of the spreadsheet
KPI_PIVOTS = {
    "sales": ("KPI - Sales", "amount"),
    "orders": ("KPI - Sales", "order_count"),
    "basket": ("KPI - Sales", "basket"),
    "customers": ("KPI - Sales", "partner_id:count_distinct"),
    "member_sales": ("KPI - Member sales", "amount"),
    "new_buyers": ("KPI - New buyers", "partner_id:count_distinct"),
    "customer_count": ("KPI - Repurchase", "customer_count"),
    "repurchaser_count": ("KPI - Repurchase", "repurchaser_count"),
    "campaign_revenue": ("KPI - Campaigns", "revenue"),
    "campaign_uplift": ("KPI - Campaigns", "uplift"),
    "campaign_cost": ("KPI - Campaigns", "cost"),
    "open_tickets": ("KPI - Open tickets", "__count"),
}


@tagged("post_install", "-at_install")
class TestSpreadsheetDashboard(MemberLoyaltyCommon, HttpCase):
    """The chain manager's spreadsheet dashboard: its JSON reads existing models, fields and
    measures; every figure equals the SQL of the invoices, campaigns and tickets, per store and
    period as its filters set them; a store manager reads their store only (ORM and RPC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a = cls.head
        cls.other = cls.setup_other_company(name="看板 B 店")
        cls.store_b = cls.other["company"]
        today = fields.Date.today()
        cls.since = today - timedelta(days=364)
        day = lambda n: today - timedelta(days=n)
        walk_in = cls.env["res.partner"].create({"name": "看板 散客"})
        cls.buyers = cls.member | walk_in
        # store A: the member buys art twice (300, then 200) and a frame, less a refund of 50; a walk-in
        # buys art once; an unpaid invoice and a purchase of last year do not count
        first = cls._paid_invoice(cls.member, [(cls.product_art, 300), (cls.product_frame, 80)], date=day(40))
        cls._paid_invoice(cls.member, [(cls.product_art, 200)], date=day(20))
        cls._paid_invoice(walk_in, [(cls.product_art, 100)], date=day(10))
        cls._paid_invoice(walk_in, [(cls.product_art, 999)], date=day(5), pay=False)
        cls._paid_invoice(walk_in, [(cls.product_art, 777)], date=day(400))
        cls._refund(first, [(cls.product_frame, 50)])
        # store B: its own sales
        for partner, amount in ((walk_in, 400), (cls.member, 250)):
            invoice = (
                cls.env["account.move"]
                .with_company(cls.store_b)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": day(15),
                        "invoice_line_ids": [
                            Command.create({"product_id": cls.product_art.id, "price_unit": amount, "tax_ids": False})
                        ],
                    }
                )
            )
            invoice.action_post()
            cls.env["account.payment.register"].with_company(cls.store_b).with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"journal_id": cls.other["default_journal_cash"].id})._create_payments()
        Campaign = cls.env["member.campaign"]
        results = {"state": "sent", "date_sent": day(30), "revenue": 1000, "uplift": 400, "cost": 100}
        for store, name, vals in (
            (cls.store_a, "看板 A 店唤醒", results),
            (cls.store_a, "看板 A 店草稿", {}),
            (cls.store_b, "看板 B 店新品", dict(results, uplift=50, cost=200)),
        ):
            Campaign.create({"name": name, "company_id": store.id, **vals})
        team = cls.env.ref("member_loyalty.helpdesk_team_after_sales")
        done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        Ticket = cls.env["helpdesk.ticket"].sudo()
        for store, name, stage in (
            (cls.store_a, "看板 画框开裂", None),
            (cls.store_a, "看板 换货", None),
            (cls.store_a, "看板 已处理", done),
            (cls.store_b, "看板 B 店投诉", None),
        ):
            ticket = Ticket.create(
                {
                    "name": name,
                    "description": name,
                    "team_id": team.id,
                    "partner_id": cls.member.id,
                    "company_id": store.id,
                }
            )
            if stage:
                ticket.stage_id = stage
        # opened two years ago and still open: an open ticket counts whenever it was opened
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = now() - interval '2 years' WHERE id = %s", [ticket.id]
        )
        cls.env.flush_all()
        cls.dashboard = cls.env.ref("member_loyalty.spreadsheet_dashboard_membership")
        cls.data = json.loads(cls.dashboard.spreadsheet_data)
        cls.pivots = {pivot["name"]: pivot for pivot in cls.data["pivots"].values()}
        filters = {f["label"]: f["id"] for f in cls.data["globalFilters"]}
        cls.store_filter, cls.period_filter = filters["Store"], filters["Period"]
        cls.manager_a = new_test_user(
            cls.env,
            login="ml_board_manager_a",
            groups="member_loyalty.group_member_manager,helpdesk_mgmt.group_helpdesk_user",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        cls.outsider = new_test_user(cls.env, login="ml_board_outsider", groups="base.group_user")

    # ------------------------------------------------------------------ helpers
    def _filter_domain(self, source, stores=None):
        """The domain of a pivot, list or chart with what the dashboard's filters add: the stores,
        the last 12 months."""
        domain = Domain(source["domain"] if "domain" in source else source["searchParams"]["domain"])
        matching = source["fieldMatching"]
        if stores:
            domain &= Domain(matching[self.store_filter]["chain"], "in", stores.ids)
        if self.period_filter in matching:
            domain &= Domain(matching[self.period_filter]["chain"], ">=", self.since)
        return domain

    def _aggregate(self, model, spec):
        if spec["fieldName"] == "__count":
            return "__count"
        aggregator = spec.get("aggregator") or model._fields[spec["fieldName"]].aggregator
        return f"{spec['fieldName']}:{aggregator}"

    def _figures(self, env, stores=None):
        """What the dashboard's KPI pivots show: their totals, read as the web client reads them."""
        totals = {}
        for key, (pivot_name, measure) in KPI_PIVOTS.items():
            pivot = self.pivots[pivot_name]
            model = env[pivot["model"]]
            aggregates = [self._aggregate(model, spec) for spec in pivot["measures"]]
            [[row]] = model.formatted_read_grouping_sets(self._filter_domain(pivot, stores), [[]], aggregates)
            [spec] = [spec for spec in pivot["measures"] if spec["id"] == measure]
            totals[key] = row[self._aggregate(model, spec)] or 0
        return totals

    def _sql_figures(self, store):
        cr = self.env.cr
        cr.execute(
            """
WITH counted AS (
    SELECT m.*, COALESCE(p.is_member, FALSE) AS is_member
      FROM account_move m
      JOIN res_partner p ON p.id = m.commercial_partner_id
      LEFT JOIN account_move inv ON inv.id = m.reversed_entry_id
     WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
       AND COALESCE(inv.payment_state, m.payment_state) IN ('paid', 'in_payment', 'reversed')
),
firsts AS (SELECT commercial_partner_id, MIN(invoice_date) AS first_day FROM counted GROUP BY 1)
SELECT SUM(c.amount_untaxed_signed),
       COUNT(*) FILTER (WHERE c.move_type = 'out_invoice' AND c.payment_state <> 'reversed'),
       AVG(c.amount_untaxed_signed) FILTER (WHERE c.move_type = 'out_invoice' AND c.payment_state <> 'reversed'),
       COUNT(DISTINCT c.commercial_partner_id),
       COALESCE(SUM(c.amount_untaxed_signed) FILTER (WHERE c.is_member), 0),
       COUNT(DISTINCT c.commercial_partner_id) FILTER (WHERE c.invoice_date = f.first_day)
  FROM counted c JOIN firsts f ON f.commercial_partner_id = c.commercial_partner_id
 WHERE c.company_id = %(store)s AND c.invoice_date >= %(since)s
            """,
            {"store": store.id, "since": self.since},
        )
        sales, orders, basket, customers, member_sales, new_buyers = cr.fetchone()
        cr.execute(
            """
SELECT COUNT(*), COUNT(*) FILTER (WHERE days > 1) FROM (
    SELECT pt.categ_id, m.commercial_partner_id, COUNT(DISTINCT m.invoice_date) AS days
      FROM account_move m
      JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product'
      JOIN product_product pp ON pp.id = l.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE m.company_id = %s AND m.move_type = 'out_invoice' AND m.state = 'posted'
       AND m.payment_state IN ('paid', 'in_payment')
  GROUP BY 1, 2) per_customer
            """,
            [store.id],
        )
        customer_count, repurchaser_count = cr.fetchone()
        cr.execute(
            """
SELECT COALESCE(SUM(revenue), 0), COALESCE(SUM(uplift), 0), COALESCE(SUM(cost), 0) FROM member_campaign
 WHERE company_id = %s AND state <> 'draft' AND date_sent >= %s
            """,
            [store.id, self.since],
        )
        campaign_revenue, campaign_uplift, campaign_cost = cr.fetchone()
        cr.execute(
            """
SELECT COUNT(*) FROM helpdesk_ticket t JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
 WHERE t.company_id = %s AND t.active AND NOT COALESCE(s.closed, FALSE)
            """,
            [store.id],
        )
        return {
            "sales": sales,
            "orders": orders,
            "basket": basket,
            "customers": customers,
            "member_sales": member_sales,
            "new_buyers": new_buyers,
            "customer_count": customer_count,
            "repurchaser_count": repurchaser_count,
            "campaign_revenue": campaign_revenue,
            "campaign_uplift": campaign_uplift,
            "campaign_cost": campaign_cost,
            "open_tickets": cr.fetchone()[0],
        }

    def assertFiguresEqual(self, figures, expected):
        self.assertEqual(figures.keys(), expected.keys())
        for key, value in expected.items():
            self.assertAlmostEqual(figures[key], float(value), places=2, msg=key)

    # ------------------------------------------------------------------ tests
    def test_dashboard_json_reads_existing_models_fields_and_measures(self):
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Membership")
        self.assertIn(self.env.ref("member_loyalty.group_member_manager"), self.dashboard.group_ids)
        sources = [*self.data["pivots"].values(), *self.data["lists"].values()]
        figures = [figure["data"] for sheet in self.data["sheets"] for figure in sheet["figures"]]
        charts = [figure for figure in figures if "metaData" in figure]
        self.assertTrue(charts)
        for source in sources + charts:
            model_name = source.get("model") or source["metaData"]["resModel"]
            self.assertIn(model_name, self.env, source)
            model = self.env[model_name]
            # every data source follows the store filter; all but the repurchase analysis and the
            # open tickets (a figure of today, whenever they were opened) the period too
            for match in source["fieldMatching"].values():
                model._search(Domain(match["chain"], "!=", False))  # the path exists
            self.assertIn(self.store_filter, source["fieldMatching"], model_name)
            if model_name == "helpdesk.ticket":
                self.assertNotIn(self.period_filter, source["fieldMatching"], source.get("name"))
            elif model_name != "member.repurchase.report":
                self.assertIn(self.period_filter, source["fieldMatching"], model_name)
            domain = self._filter_domain(source, self.store_a)
            if "measures" in source:  # pivot: its groupings and aggregates run
                groupby = [
                    f"{dim['fieldName']}:{dim['granularity']}" if dim.get("granularity") else dim["fieldName"]
                    for dim in source["rows"] + source["columns"]
                ]
                aggregates = [self._aggregate(model, spec) for spec in source["measures"]]
                model.formatted_read_grouping_sets(domain, [[], groupby], aggregates)
            elif "columns" in source:  # list
                self.assertFalse(set(source["columns"]) - set(model._fields), source["name"])
                model.search_read(domain, source["columns"], limit=10)
            else:  # chart
                for group in source["metaData"]["groupBy"]:
                    # a boolean grouping would put "true" / "false" in the legend
                    self.assertNotEqual(model._fields[group.split(":")[0]].type, "boolean", group)
                measure = source["metaData"]["measure"]
                aggregate = measure if measure == "__count" else f"{measure}:{model._fields[measure].aggregator}"
                model.formatted_read_group(domain, source["metaData"]["groupBy"], [aggregate])
        # formulas and scorecards point at pivots, lists and cells that exist
        formulas = " ".join(cell for sheet in self.data["sheets"] for cell in sheet["cells"].values())
        for kind, ids in (("PIVOT", self.data["pivots"]), ("ODOO.LIST", self.data["lists"])):
            used = set(re.findall(rf"{re.escape(kind)}(?:\.VALUE|\.HEADER)?\((\d+)", formulas))
            self.assertTrue(used)
            self.assertLessEqual(used, set(ids), kind)
        data_sheet = next(sheet for sheet in self.data["sheets"] if sheet["name"] == "Data")
        for chart in (figure["data"] for sheet in self.data["sheets"] for figure in sheet["figures"]):
            if chart["type"] == "scorecard":
                self.assertIn(chart["keyValue"].split("!")[1], data_sheet["cells"], chart["title"])
        # a click on a card or chart opens an existing menu
        for xmlid in self.data["chartOdooMenusReferences"].values():
            self.assertEqual(self.env.ref(xmlid)._name, "ir.ui.menu")
        # what the web client loads
        served = json.loads(self.dashboard._get_serialized_readonly_dashboard())
        self.assertEqual(served["snapshot"]["pivots"].keys(), self.data["pivots"].keys())

    def test_dashboard_figures_equal_the_sql_per_store(self):
        chain = self.env(su=True)  # the whole chain, tickets included
        for store in (self.store_a, self.store_b):
            with self.subTest(store=store.name):
                self.assertFiguresEqual(self._figures(chain, store), self._sql_figures(store))
        # and what a manager expects from the records above (store A)
        figures = self._figures(chain, self.store_a)
        self.assertEqual((figures["sales"], figures["orders"], figures["member_sales"]), (630, 3, 530))
        self.assertAlmostEqual(figures["basket"], 680 / 3, places=2)
        self.assertEqual((figures["customers"], figures["new_buyers"]), (2, 1))  # the walk-in bought last year
        # repurchase over all time, per category: art twice by both buyers (the walk-in last year), a frame once
        self.assertEqual((figures["customer_count"], figures["repurchaser_count"]), (3, 2))
        self.assertEqual((figures["campaign_uplift"], figures["campaign_cost"]), (400, 100))
        self.assertEqual(figures["open_tickets"], 2)
        self.assertEqual(self._figures(chain, self.store_b)["open_tickets"], 1, "opened two years ago, still open")
        # the Data sheet's ratios: member share, repurchase rate, campaign ROI
        self.assertAlmostEqual(figures["member_sales"] / figures["sales"], 530 / 630)
        self.assertAlmostEqual(figures["repurchaser_count"] / figures["customer_count"], 2 / 3)
        self.assertAlmostEqual((figures["campaign_uplift"] - figures["campaign_cost"]) / figures["campaign_cost"], 3)

    def test_new_customers_are_those_whose_first_purchase_falls_in_the_period(self):
        """#17: "new customers" equalled "customers": a customer counted as new in every month of their
        first purchase. A period that starts in that month (last 30 or 90 days) counted them new although
        they had bought before it began."""
        month = (fields.Date.today() - timedelta(days=500)).replace(day=1)
        day = lambda n: month + timedelta(days=n - 1)
        regular = self.env["res.partner"].create({"name": "看板 老顾客"})
        newcomer = self.env["res.partner"].create({"name": "看板 新顾客"})
        self._paid_invoice(regular, [(self.product_art, 100)], date=day(2))
        self._paid_invoice(regular, [(self.product_art, 100)], date=day(20))
        self._paid_invoice(newcomer, [(self.product_art, 100)], date=day(15))
        self.env.flush_all()
        # as the store's manager reads the two cards, over the 10th to the 28th of that month
        env = self.env(user=self.manager_a)
        period = Domain("partner_id", "in", (regular | newcomer).ids)

        def card(pivot_name, measure):
            pivot = self.pivots[pivot_name]
            matching = pivot["fieldMatching"][self.period_filter]["chain"]
            domain = (
                Domain(pivot["domain"])
                & period
                & Domain(matching, ">=", day(10))
                & Domain(matching, "<=", day(28))
                & Domain(pivot["fieldMatching"][self.store_filter]["chain"], "in", self.store_a.ids)
            )
            [[row]] = env[pivot["model"]].formatted_read_grouping_sets(domain, [[]], [measure])
            return row[measure]

        self.assertEqual(card("KPI - Sales", "partner_id:count_distinct"), 2)
        self.assertEqual(card("KPI - New buyers", "partner_id:count_distinct"), 1, "the regular bought on the 2nd")

    def test_store_manager_dashboard_shows_their_store_only(self):
        # without choosing a store, the manager of store A sees store A's figures (record rules)
        env = self.env(user=self.manager_a)
        self.assertIn(self.dashboard, env["spreadsheet.dashboard"].search([]))
        self.assertFiguresEqual(self._figures(env), self._sql_figures(self.store_a))
        # over RPC, as the web client asks for a pivot
        login = "ml_board_manager_a"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        pivot = self.pivots["Sales by store"]
        rows = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            login,
            pivot["model"],
            "formatted_read_group",
            [[("partner_id", "in", self.buyers.ids), ("date", ">=", str(self.since))], ["store_id"], ["amount:sum"]],
        )
        self.assertEqual([(row["store_id"][0], row["amount:sum"]) for row in rows], [(self.store_a.id, 630)])

    def test_outsider_sees_neither_dashboard_nor_its_data(self):
        env = self.env(user=self.outsider)
        self.assertNotIn(self.dashboard, env["spreadsheet.dashboard"].search([]))
        login = "ml_board_outsider"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        for model in ("member.sales.report", "member.repurchase.report", "member.campaign"):
            with self.subTest(model=model), self.assertRaises(Fault), mute_logger("odoo.http"):
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname, uid, login, model, "formatted_read_group", [[], [], ["__count"]]
                )
