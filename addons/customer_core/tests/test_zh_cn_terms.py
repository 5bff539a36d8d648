from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.translate import code_translations

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestTierReviewInChinese(CustomerCoreCommon):
    """#17: the approvals of a Chinese user say who must review in Chinese. OCA's
    base_tier_validation writes "Group <name>" in its Python code and "Todo by" in its review table,
    and its zh_CN leaves both English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["customer_core"], ["zh_CN"])
        cls.seller.lang = "zh_CN"
        cls.director_group = cls.env.ref("customer_core.group_approval_director")
        cls.definition = cls.env["tier.definition"].create(
            {
                "model_id": cls.env["ir.model"]._get_id("customer.transfer"),
                "review_type": "group",
                "reviewer_group_id": cls.director_group.id,
                "definition_domain": "[]",
            }
        )

    def test_todo_by_names_the_group_in_chinese(self):
        transfer = (
            self.env["customer.transfer"]
            .with_user(self.seller)
            .with_context(lang="zh_CN")  # as the web client sends the user's language
            .create(
                {
                    "from_user_id": self.seller.id,
                    "to_user_id": self.seller2.id,
                    "partner_ids": [Command.set(self.customer.ids)],
                }
            )
        )
        transfer.request_validation()
        review = transfer.review_ids.filtered(lambda review: review.definition_id == self.definition)
        self.assertEqual(len(review), 1)
        group_name = self.director_group.with_context(lang="zh_CN").name
        self.assertEqual(review.todo_by, f"审批组：{group_name}")

    def test_todo_by_in_english_for_an_english_requester(self):
        self.seller.lang = "en_US"
        transfer = (
            self.env["customer.transfer"]
            .with_user(self.seller)
            .create(
                {
                    "from_user_id": self.seller.id,
                    "to_user_id": self.seller2.id,
                    "partner_ids": [Command.set(self.customer.ids)],
                }
            )
        )
        transfer.request_validation()
        group_name = self.director_group.with_context(lang="en_US").name
        review = transfer.review_ids.filtered(lambda review: review.definition_id == self.definition)
        self.assertEqual(review.todo_by, f"Group {group_name}")

    def test_review_table_column_and_field_in_chinese(self):
        # the web client reads a term from the module that owns it, else from any module that
        # translates it: base_tier_validation's own has none, customer_core's has it
        per_module, _lang = self.env["ir.http"]._get_translations_for_webclient(
            ["base_tier_validation", "customer_core"], "zh_CN"
        )
        owner = {message["id"]: message["string"] for message in per_module["base_tier_validation"]["messages"]}
        ours = {message["id"]: message["string"] for message in per_module["customer_core"]["messages"]}
        self.assertEqual(owner.get("Todo by", ours.get("Todo by")), "待处理人")
        self.assertNotIn("Todo by", code_translations.get_python_translations("customer_core", "zh_CN"))
        field = self.env["ir.model.fields"]._get("tier.review", "todo_by")
        self.assertEqual(field.with_context(lang="zh_CN").field_description, "待处理人")


@tagged("post_install", "-at_install")
class TestDefaultPricelistInChinese(TransactionCase):
    """#17: a store's default pricelist (Odoo's product makes it when pricelists are on) reads
    "Default (CNY)" to a Chinese cashier when the installer was English: it has a Chinese name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["customer_core"], ["zh_CN"])
        cls.admin = new_test_user(
            cls.env,
            login="cc_pricelist_admin",
            groups="base.group_system,base.group_erp_manager,product.group_product_pricelist",
        )

    def test_new_store_pricelist_has_a_chinese_name(self):
        store = (
            self.env["res.company"]
            .with_user(self.admin)
            .create({"name": "锦华 · 苏州观前店", "currency_id": self.env.ref("base.CNY").id})
        )
        pricelist = self.env["product.pricelist"].search([("company_id", "=", store.id)])
        self.assertEqual(len(pricelist), 1)
        self.assertEqual(pricelist.with_context(lang="en_US").name, "Default")
        self.assertEqual(pricelist.with_context(lang="zh_CN").name, "默认价目表")

    def test_renamed_pricelist_is_left_alone(self):
        store = self.env["res.company"].with_user(self.admin).create({"name": "锦华 · 南京新街口店"})
        pricelist = self.env["product.pricelist"].search([("company_id", "=", store.id)])
        pricelist.update_field_translations("name", {"zh_CN": "会员价"})  # a manager's own name
        store._name_default_pricelists_in_chinese()
        self.assertEqual(pricelist.with_context(lang="zh_CN").name, "会员价")
