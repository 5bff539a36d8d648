from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .fake_wecom import FakeWecom


@tagged("post_install", "-at_install")
class TestWecom(BaseCommon):
    """A store whose staff use WeCom: its manager, two salespeople of its team, the fake API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["customer_wecom"], ["zh_CN"])
        cls.fake = FakeWecom("ww0123456789", "wecom-secret", 1000002, ["zhoumin", "lina", "wangqiang"]).start()
        cls.addClassCleanup(cls.fake.stop)
        cls.env["ir.config_parameter"].sudo().set_param("customer_wecom.api_base", cls.fake.url)
        cls.store = cls.env["res.company"].create(
            {
                "name": "锦华影像 静安店",
                "wecom_corp_id": "ww0123456789",
                "wecom_agent_id": "1000002",
                "wecom_secret": "wecom-secret",
            }
        )
        common = {"company_id": cls.store.id, "company_ids": [Command.set(cls.store.ids)], "lang": "zh_CN"}
        cls.manager = new_test_user(
            cls.env, login="wc_manager", name="店长 周敏", groups="customer_core.group_customer_manager", **common
        )
        cls.seller = new_test_user(
            cls.env, login="wc_seller", name="销售 李娜", groups="customer_core.group_customer_user", **common
        )
        cls.seller2 = new_test_user(
            cls.env, login="wc_seller2", name="销售 王强", groups="customer_core.group_customer_user", **common
        )
        (cls.manager | cls.seller | cls.seller2).write({"wecom_notify_activity": True})
        cls.manager.wecom_userid = "zhoumin"
        cls.seller.wecom_userid = "lina"
        cls.seller2.wecom_userid = "wangqiang"
        cls.team = cls.env["crm.team"].create(
            {
                "name": "静安店团队",
                "company_id": cls.store.id,
                "user_id": cls.manager.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.seller.id}),
                    Command.create({"user_id": cls.seller2.id}),
                ],
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {"name": "婚纱照咨询 陈女士", "team_id": cls.team.id, "company_id": cls.store.id, "user_id": cls.seller.id}
        )

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def run_jobs(self, trap):
        results = [job.perform() for job in trap.enqueued_jobs]
        trap.enqueued_jobs.clear()
        return results

    # ------------------------------------------------------------
    # events
    # ------------------------------------------------------------

    def test_manager_assigns_a_reminder(self):
        lead = self.lead.with_user(self.manager).with_company(self.store)
        with trap_jobs() as trap:
            lead.activity_schedule(
                "mail.mail_activity_data_call",
                summary="回访确认档期",
                user_id=self.seller.id,
                date_deadline=fields.Date.today() + timedelta(days=1),
            )
            trap.assert_jobs_count(1)
            self.assertEqual(self.run_jobs(trap), ["Sent"])
        message = self.fake.messages[0]
        self.assertEqual(message["touser"], "lina")
        self.assertEqual(message["agentid"], 1000002)
        card = message["textcard"]
        self.assertEqual(card["title"], "新待办：回访确认档期")
        self.assertIn("婚纱照咨询 陈女士", card["description"])
        self.assertIn("店长 周敏", card["description"])
        self.assertTrue(card["url"].endswith(f"/odoo/crm.lead/{self.lead.id}"))

    def test_own_activity_and_opted_out_users_get_nothing(self):
        with trap_jobs() as trap:
            self.lead.with_user(self.seller).activity_schedule(
                "mail.mail_activity_data_call", summary="自己的待办", user_id=self.seller.id
            )
            trap.assert_jobs_count(0)
            # the salesperson turns activity messages off, in their own preferences
            self.seller.with_user(self.seller).write({"wecom_notify_activity": False})
            self.lead.with_user(self.manager).activity_schedule(
                "mail.mail_activity_data_call", summary="回访", user_id=self.seller.id
            )
            trap.assert_jobs_count(0)

    def test_salesperson_claims_a_pool_lead(self):
        pool_lead = self.env["crm.lead"].create(
            {
                "name": "公海线索 写真",
                "team_id": self.team.id,
                "company_id": self.store.id,
                "in_pool": True,
                "user_id": False,
            }
        )
        with trap_jobs() as trap:
            pool_lead.with_user(self.seller2).with_company(self.store).action_pool_claim()
            trap.assert_jobs_count(1)
            self.run_jobs(trap)
        message = self.fake.messages[0]
        self.assertEqual(message["touser"], "zhoumin", "the team leader hears of the claim")
        self.assertIn("销售 王强", message["textcard"]["description"])
        self.assertIn("公海线索 写真", message["textcard"]["title"])

    def test_returned_to_pool(self):
        with trap_jobs() as trap:
            # the owner returning their own lead: nobody to tell
            self.lead.with_user(self.seller).with_company(self.store).action_pool_release()
            trap.assert_jobs_count(0)
            lead = self.env["crm.lead"].create(
                {
                    "name": "亲子照 王先生",
                    "team_id": self.team.id,
                    "company_id": self.store.id,
                    "user_id": self.seller2.id,
                }
            )
            # the manager takes it back: the salesperson who held it is told
            lead.with_user(self.manager).with_company(self.store).action_pool_release()
            trap.assert_jobs_count(1)
            self.run_jobs(trap)
        self.assertEqual(self.fake.messages[0]["touser"], "wangqiang")
        self.assertIn("亲子照 王先生", self.fake.messages[0]["textcard"]["title"])

    def test_daily_reclaim_tells_the_holder(self):
        self.env["customer.pool.rule"].create({"team_id": self.team.id, "days_without_contact": 15})
        stale = self.env["crm.lead"].create(
            {
                "name": "久未跟进 赵女士",
                "team_id": self.team.id,
                "company_id": self.store.id,
                "user_id": self.seller2.id,
            }
        )
        stale.last_contact_date = fields.Datetime.now() - timedelta(days=30)
        self.lead.last_contact_date = fields.Datetime.now()
        with trap_jobs() as trap:
            self.env["customer.pool.rule"]._reclaim()
            self.assertTrue(stale.in_pool)
            self.assertFalse(self.lead.in_pool)
            self.run_jobs(trap)
        titles = {m["touser"]: m["textcard"]["title"] for m in self.fake.messages}
        self.assertIn("久未跟进 赵女士", titles.get("wangqiang", ""))
        self.assertNotIn("lina", titles)

    def test_approval_waiting(self):
        self.env["tier.definition"].create(
            {
                "model_id": self.env["ir.model"]._get_id("customer.transfer"),
                "review_type": "individual",
                "reviewer_id": self.manager.id,
                "definition_domain": "[]",
                "company_id": self.store.id,
            }
        )
        customer = self.env["res.partner"].create({"name": "客户 刘洋", "user_id": self.seller.id})
        transfer = (
            self.env["customer.transfer"]
            .with_user(self.seller)
            .with_company(self.store)
            .create(
                {
                    "from_user_id": self.seller.id,
                    "to_user_id": self.seller2.id,
                    "partner_ids": [Command.set(customer.ids)],
                    "reason": "调店",
                }
            )
        )
        with trap_jobs() as trap:
            transfer.request_validation()
            trap.assert_jobs_count(1)
            self.run_jobs(trap)
        message = self.fake.messages[0]
        self.assertEqual(message["touser"], "zhoumin")
        self.assertIn("销售 李娜", message["textcard"]["description"])

    # ------------------------------------------------------------
    # token and errors
    # ------------------------------------------------------------

    def send(self, touser=("lina",)):
        card = {"title": "测试", "description": "测试消息", "url": "https://example.com/odoo", "btntxt": "详情"}
        return self.env["customer.wecom.message"]._send_card(self.store, list(touser), card)

    def test_token_is_cached_and_refreshed(self):
        self.assertEqual(self.send(), "Sent")
        self.assertEqual(self.send(), "Sent")
        self.assertEqual(self.fake.token_calls, 1, "the token is cached")
        # WeCom expires it early (42001): fetched again once, the message goes
        self.fake.expire_tokens()
        self.assertEqual(self.send(), "Sent")
        self.assertEqual(self.fake.token_calls, 2)
        # WeCom no longer knows it (40014)
        self.fake.tokens.clear()
        self.assertEqual(self.send(), "Sent")
        self.assertEqual(self.fake.token_calls, 3)
        # our cache ran out: fetched before sending
        self.env["customer.wecom.token"].search([("company_id", "=", self.store.id)]).expires_at = (
            fields.Datetime.now() - timedelta(seconds=1)
        )
        self.assertEqual(self.send(), "Sent")
        self.assertEqual(self.fake.token_calls, 4)
        self.assertEqual(len(self.fake.messages), 5)

    def test_busy_is_retried_refusals_fail(self):
        self.fake.busy = True
        with self.assertRaises(RetryableJobError):
            self.send()
        self.fake.busy = False
        self.store.wecom_secret = "wrong"
        self.env["customer.wecom.token"].search([("company_id", "=", self.store.id)]).unlink()
        with self.assertRaises(FailedJobError):
            self.send()
        self.assertFalse(self.fake.messages)

    def test_unknown_user_ids_are_reported(self):
        self.assertIn("nobody", self.send(("lina", "nobody")))
        self.assertEqual(len(self.fake.messages), 1)

    # ------------------------------------------------------------
    # security
    # ------------------------------------------------------------

    def test_administrator_sets_the_application_in_settings(self):
        admin = new_test_user(
            self.env,
            login="wc_admin",
            groups="base.group_user,base.group_system",
            company_id=self.store.id,
            company_ids=[Command.set(self.store.ids)],
        )
        settings = Form(self.env["res.config.settings"].with_user(admin).with_company(self.store))
        settings.wecom_agent_id = "1000003"
        settings.save().execute()
        self.assertEqual(self.store.wecom_agent_id, "1000003")
        self.assertEqual(self.store.wecom_secret, "wecom-secret")

    def test_users_set_their_own_wecom_id_only(self):
        self.seller.with_user(self.seller).write({"wecom_userid": "lina2", "wecom_notify_pool": False})
        self.assertEqual(self.seller.wecom_userid, "lina2")
        with self.assertRaises(AccessError):
            self.seller2.with_user(self.seller).write({"wecom_userid": "lina"})
        with self.assertRaises(AccessError):
            self.store.with_user(self.manager).read(["wecom_secret"])
        with self.assertRaises(AccessError):
            self.env["customer.wecom.token"].with_user(self.manager).search([])
