from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, new_test_user

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


class PoolRaceCase(BaseCase):
    """Two salespeople of one team and one record of ``_pool_model`` in that team's pool, committed
    (not in a test transaction) so that two real cursors can race for it; removed after the class."""

    _pool_model = "crm.lead"
    _pool_record_name = ""
    _pool_login = ""
    _pool_user_name = ""
    _pool_team_name = ""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            users = env["res.users"].create(
                [
                    {
                        "name": f"{cls._pool_user_name} {i}",
                        "login": f"{cls._pool_login}_{i}",
                        "group_ids": [Command.link(env.ref("customer_core.group_customer_user").id)],
                    }
                    for i in (1, 2)
                ]
            )
            team = env["crm.team"].create(
                {
                    "name": cls._pool_team_name,
                    "crm_team_member_ids": [Command.create({"user_id": u.id}) for u in users],
                }
            )
            env["customer.pool.rule"].create({"team_id": team.id, "max_claims_per_day": 0, "max_held_per_user": 0})
            record = env[cls._pool_model].create({"name": cls._pool_record_name, "team_id": team.id, "in_pool": True})
            cls.user_ids, cls.team_id, cls.record_id = users.ids, team.id, record.id
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env[cls._pool_model].browse(cls.record_id).unlink()
            env["crm.team"].browse(cls.team_id).unlink()
            users = env["res.users"].browse(cls.user_ids)
            partners = users.partner_id
            try:
                with cr.savepoint():
                    users.unlink()
                    partners.unlink()
            except Exception:  # noqa: BLE001 - keep the database clean if possible, archive otherwise
                users.active = False

    def _reset_record(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env[self._pool_model].browse(self.record_id).write({"in_pool": True, "user_id": False})
