from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestCampaignSend(MemberLoyaltyCommon):
    """Campaign messages are queue_job jobs (channel root.member_loyalty.campaign), one per batch;
    running them queues one SMS (sms.sms) and/or one e-mail (mail.mail) per member reached and
    nothing for the control group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audience = cls.env["res.partner"]
        for i in range(10):
            member = cls._new_member(f"短信会员 {i}", f"+86 138 1000 00{i:02d}")
            member.marketing_consent = True
            cls.audience |= member
        cls.segment = cls.env["customer.segment"].create(
            {"name": "SMS test", "domain": str([("id", "in", cls.audience.ids)])}
        )
        cls.sms_template = cls.env["sms.template"].create(
            {
                "name": "回店礼",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "body": "{{ object.name }}，回店有礼",
            }
        )
        cls.mail_template = cls.env["mail.template"].create(
            {
                "name": "回店礼邮件",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "subject": "回店有礼",
                "body_html": "<p>回店有礼</p>",
                "email_to": "{{ object.email }}",
            }
        )

    def _campaign(self, channel, control=30):
        return self.env["member.campaign"].create(
            {
                "name": f"回店礼 {channel}",
                "segment_id": self.segment.id,
                "channel": channel,
                "sms_template_id": self.sms_template.id,
                "mail_template_id": self.mail_template.id,
                "control_percent": control,
                "company_id": self.head.id,
            }
        )

    def _split(self, campaign):
        reached = campaign.target_ids.filtered(lambda t: not t.is_control).partner_id
        control = campaign.target_ids.filtered("is_control").partner_id
        return reached, control

    def test_sms_and_email_are_queued_as_jobs_and_skip_the_control_group(self):
        campaign = self._campaign("both")
        with trap_jobs() as trap:
            campaign.action_send(seed=7)
            trap.assert_jobs_count(1, only=campaign._send_messages)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.member_loyalty.campaign")
            self.assertFalse(self.env["sms.sms"].search([("partner_id", "in", self.audience.ids)]))
            trap.perform_enqueued_jobs()
        reached, control = self._split(campaign)
        self.assertEqual((len(reached), len(control)), (7, 3))
        sms = self.env["sms.sms"].search([("partner_id", "in", self.audience.ids)])
        self.assertEqual(sms.partner_id, reached)
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})
        self.assertIn(reached[0].name, sms.filtered(lambda s: s.partner_id == reached[0]).body)
        mails = self.env["mail.mail"].search([("model", "=", "res.partner"), ("res_id", "in", self.audience.ids)])
        self.assertEqual(sorted(mails.mapped("res_id")), sorted(reached.ids))
        self.assertEqual(set(mails.mapped("subject")), {"回店有礼"})

    def test_large_sends_are_split_in_batches(self):
        campaign = self._campaign("sms", control=0)
        with trap_jobs() as trap:
            campaign.action_send(seed=1)
            trap.assert_jobs_count(1)
            jobs = campaign._enqueue_messages(campaign.target_ids.partner_id.ids, batch_size=4)
            self.assertEqual(len(jobs), 3)
            trap.assert_jobs_count(4)
            self.assertIn("9-10 of 10", trap.enqueued_jobs[-1].description)

    def test_sms_campaign_needs_its_message(self):
        campaign = self._campaign("sms")
        campaign.sms_template_id = False
        with self.assertRaisesRegex(UserError, "SMS message"):
            campaign.action_send()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.target_ids)
