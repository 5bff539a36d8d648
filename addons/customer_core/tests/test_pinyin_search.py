from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestPinyinSearch(BaseCommon):
    """张伟 is found by "zhangwei" and "zw", as a store's salesperson searches customers and leads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env["res.company"].create({"name": "南京新街口店"})
        cls.other_store = cls.env["res.company"].create({"name": "无锡万象城店"})
        cls.seller = new_test_user(
            cls.env,
            login="pinyin_seller",
            name="销售 顾晓",
            groups="customer_core.group_customer_user",
            company_id=cls.store.id,
            company_ids=[cls.store.id],
        )
        cls.Partner = cls.env["res.partner"].with_user(cls.seller)
        cls.Lead = cls.env["crm.lead"].with_user(cls.seller)
        cls.zhang = cls.Partner.create({"name": "张伟", "company_id": cls.store.id, "user_id": cls.seller.id})
        cls.other_zhang = cls.env["res.partner"].create({"name": "张伟", "company_id": cls.other_store.id})

    def _found(self, model, text):
        return {rid for rid, _name in model.name_search(text, limit=100)}

    def test_customer_found_by_full_pinyin_and_initials(self):
        self.assertEqual(self.zhang.name_pinyin, "zhangwei zw")
        for text in ("zhangwei", "ZhangWei", "zhang", "zw", "张伟"):
            self.assertIn(self.zhang.id, self._found(self.Partner, text), text)
        self.assertNotIn(self.zhang.id, self._found(self.Partner, "wz"))
        # the search view's name filter is a display_name search: the same key
        self.assertIn(self.zhang, self.Partner.search([("display_name", "ilike", "zw")]))
        # the other store's 张伟 is not this salesperson's to find
        self.assertNotIn(self.other_zhang.id, self._found(self.Partner, "zhangwei"))
        self.assertIn(self.other_zhang.id, self._found(self.env["res.partner"], "zhangwei"))

    def test_key_follows_the_name(self):
        customer = self.Partner.create({"name": "李娜", "company_id": self.store.id})
        self.assertIn(customer.id, self._found(self.Partner, "lina"))
        customer.name = "王芳"
        self.assertEqual(customer.name_pinyin, "wangfang wf")
        self.assertNotIn(customer.id, self._found(self.Partner, "lina"))
        self.assertIn(customer.id, self._found(self.Partner, "wf"))
        customer.name = "Tony Wang"
        self.assertFalse(customer.name_pinyin, "a name without Chinese characters has no key")
        self.assertIn(customer.id, self._found(self.Partner, "tony"))

    def test_surnames_with_their_own_reading(self):
        customer = self.Partner.create({"name": "曾小贤", "company_id": self.store.id})
        for text in ("zengxiaoxian", "zxx", "cengxiaoxian"):
            self.assertIn(customer.id, self._found(self.Partner, text), text)

    def test_lead_found_by_title_contact_and_customer(self):
        lead = self.Lead.create({"name": "婚纱照咨询", "contact_name": "王芳", "company_id": self.store.id})
        self.assertIn(lead.id, self._found(self.Lead, "hunshazhao"))
        self.assertIn(lead.id, self._found(self.Lead, "wangfang"))
        self.assertIn(lead.id, self._found(self.Lead, "wf"))
        # the contact comes from the customer: the key follows the computed contact name
        lead2 = self.Lead.create({"name": "Wedding shoot", "partner_id": self.zhang.id, "company_id": self.store.id})
        self.assertEqual(lead2.contact_name, "张伟")
        self.assertIn(lead2.id, self._found(self.Lead, "zw"))

    def test_search_views_search_the_key(self):
        """The name filter of the leads' and opportunities' search views, as the web client applies it."""
        lead = self.Lead.create({"name": "全家福预约", "contact_name": "赵敏", "company_id": self.store.id})
        for xmlid in ("crm.view_crm_case_leads_filter", "crm.view_crm_case_opportunities_filter"):
            view_id = self.env.ref(xmlid).id
            arch = self.Lead.get_views([(view_id, "search")])["views"]["search"]["arch"]
            node = etree.fromstring(arch).xpath("//field[@name='name']")[0]
            domain = safe_eval(node.get("filter_domain"), {"self": "zhaomin"})
            self.assertIn(lead, self.Lead.search(domain), xmlid)
        partner_arch = self.Partner.get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(partner_arch).xpath("//field[@name='name']")[0]
        self.assertIn(self.zhang, self.Partner.search(safe_eval(node.get("filter_domain"), {"self": "zw"})))

    def test_backfill_fills_existing_rows_in_batches(self):
        names = ["陈晨", "刘洋", "Deco Addict", "孙丽"]
        partners = self.env["res.partner"].create([{"name": n} for n in names])
        lead = self.env["crm.lead"].create({"name": "老客户回访", "contact_name": "周敏"})
        self.env.flush_all()
        # rows as they were before the column existed
        self.env.cr.execute("UPDATE res_partner SET name_pinyin = NULL WHERE id IN %s", [tuple(partners.ids)])
        self.env.cr.execute("UPDATE crm_lead SET name_pinyin = NULL WHERE id = %s", [lead.id])
        self.assertGreaterEqual(self.env["res.partner"]._pinyin_backfill(batch=2), 3)
        self.assertGreaterEqual(self.env["crm.lead"]._pinyin_backfill(batch=2), 1)
        self.assertEqual(partners.mapped("name_pinyin"), ["chenchen cc", "liuyang ly", False, "sunli sl"])
        self.assertEqual(lead.name_pinyin, "laokehuhuifang lkhhf zhoumin zm")

    def test_key_is_trigram_indexed(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN ('res_partner', 'crm_lead') AND indexdef LIKE %s",
            ["%name_pinyin%gin_trgm_ops%"],
        )
        self.assertEqual(len(self.env.cr.fetchall()), 2)

    def test_name_search_columns_are_trigram_indexed(self):
        """Every column Odoo's partner name search ORs with the key has a trigram index: the whole
        OR is read from indexes, without pending lists."""
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'res_partner' AND indexdef LIKE %s",
            ["%gin_trgm_ops%"],
        )
        indexed = dict(self.env.cr.fetchall())
        for column in ("complete_name", "email", "ref", "vat", "company_registry", "name_pinyin"):
            definitions = [definition for definition in indexed.values() if f"({column} gin_trgm_ops)" in definition]
            self.assertEqual(len(definitions), 1, column)
            self.assertIn("fastupdate=off", definitions[0])

    def test_selective_pinyin_sorted_by_value_finds_what_odoo_finds(self):
        """A name search by pinyin few names contain is sorted by value instead of along the
        complete_name index (the plan, not the result): the same records in the same order as
        Odoo's own search, here all matches sorted as Odoo sorts partners, then cut at the limit."""
        names = ["张伟", "张伟", "张维", "章伟", "张伟明", "Zhangwei Trading", "周伟明"]
        partners = self.Partner.create([{"name": name, "company_id": self.store.id} for name in names])
        partners[5].email = "buyer@zhangwei.example"
        partners[6].ref = "ZHANGWEI-7"
        for text, limit in (("zhangwei", 3), ("zhangwei", 100), ("zwm", 2), ("ZhangWei", 4)):
            everything = self.Partner.search([("display_name", "ilike", text)])  # no limit: Odoo's plan
            expected = everything.sorted(lambda p: (p.complete_name, -p.id))[:limit]
            found = [rid for rid, _name in self.Partner.name_search(text, limit=limit)]
            self.assertEqual(found, expected.ids, text)
            self.assertGreaterEqual(len(everything), min(limit, 2), text)

    def test_only_selective_pinyin_changes_the_plan(self):
        def order(text, extra=()):
            domain = [("display_name", "ilike", text), *extra]
            query = self.Partner._search(domain, limit=8, order=self.Partner._order)
            return query.order.code

        for text in ("zhangwei", "wangxiuying", "zwm", "qinxin", "ouyang"):
            self.assertIn("|| ''", order(text), text)
            self.assertIn("|| ''", order(text, [("company_id", "=", self.store.id)]), text)
        # one syllable or two letters (a surname many share, no trigram): Odoo's plan, along the index
        for text in ("wang", "li", "zw", "张伟", "zhang wei", "buyer@zhangwei.example"):
            self.assertNotIn("|| ''", order(text), text)
        # without a limit nothing is cut short: Odoo's plan
        query = self.Partner._search([("display_name", "ilike", "zhangwei")], order=self.Partner._order)
        self.assertNotIn("|| ''", query.order.code)
