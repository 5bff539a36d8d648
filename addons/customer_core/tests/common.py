from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class CustomerCoreCommon(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="cc_manager",
            name="经理 周敏",
            groups="customer_core.group_customer_manager",
        )
        cls.seller = new_test_user(
            cls.env,
            login="cc_seller",
            name="销售 李娜",
            groups="customer_core.group_customer_user",
        )
        cls.seller2 = new_test_user(
            cls.env,
            login="cc_seller2",
            name="销售 王强",
            groups="customer_core.group_customer_user",
        )
        cls.own_only = new_test_user(
            cls.env,
            login="cc_own_only",
            name="店员 陈晨",
            groups="customer_core.group_customer_user,customer_core.group_customer_own_only",
        )
        cls.outsider = new_test_user(cls.env, login="cc_outsider", name="前台 赵雪", groups="base.group_user")
        cls.team = cls.env["crm.team"].create(
            {
                "name": "上海旗舰店团队",
                "company_id": cls.company.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.seller.id}),
                    Command.create({"user_id": cls.seller2.id}),
                    Command.create({"user_id": cls.own_only.id}),
                ],
            }
        )
        cls.pool_rule = cls.env["customer.pool.rule"].create(
            {
                "team_id": cls.team.id,
                "days_without_contact": 15,
                "max_claims_per_day": 2,
                "max_held_per_user": 3,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "客户 刘洋",
                "user_id": cls.seller.id,
                "company_id": False,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {
                "name": "客户 孙丽",
                "user_id": cls.seller2.id,
                "company_id": False,
            }
        )
        cls.birthday = cls.env.ref("customer_core.date_type_birthday")
