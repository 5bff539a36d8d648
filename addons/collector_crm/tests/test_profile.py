from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CollectorCommon


@tagged("post_install", "-at_install")
class TestProfile(CollectorCommon):
    def test_budget_min_above_max_is_refused(self):
        collector = self._collector("CC Budget", self.advisor, budget=(100000, 200000))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            collector.write({"budget_min": 300000, "budget_max": 100000})
        info = collector.collector_private_ids
        self.assertEqual((info.budget_min, info.budget_max), (100000, 200000), "nothing written")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["collector.private.info"].create(
                {"partner_id": self._collector("CC Budget 2", self.advisor).id, "budget_min": 5, "budget_max": 1}
            )

    def test_profile_form_writes_the_private_file(self):
        # the collector's own form (Gallery > Collectors; #17: the generic contact form keeps Odoo's)
        with Form(
            self.env["res.partner"].with_context(default_is_collector=True),
            view="collector_crm.res_partner_view_form_collector_profile",
        ) as form:
            form.name = "CC Form Collector"
            form.collector_level = "core"
            form.budget_min = 50000
            form.budget_max = 800000
            form.shipping_preference = "White-glove delivery"
            form.advisor_note = "Prefers quiet Tuesday mornings"
        partner = form.record
        info = partner.collector_private_ids
        self.assertEqual(info.budget_max, 800000)
        self.assertEqual(info.shipping_preference, "White-glove delivery")
        self.assertEqual(partner.collector_core_date, fields.Date.context_today(partner))
        self.assertRegex(partner.collector_core_half, r"^\d{4}-H[12]$")

    def test_relation_to_itself_is_refused(self):
        collector = self._collector("CC Self", self.advisor)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["res.partner.relation"].create(
                {
                    "left_partner_id": collector.id,
                    "right_partner_id": collector.id,
                    "type_id": self.env.ref("collector_crm.relation_type_mentor").id,
                }
            )
        self.assertFalse(self.env["res.partner.relation"].search([("left_partner_id", "=", collector.id)]))

    def test_interest_needs_its_target_and_a_sane_weight(self):
        collector = self._collector("CC Interests", self.advisor)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["collector.interest"].create({"partner_id": collector.id, "interest_type": "artist"})
        interest = self.env["collector.interest"].create(
            {"partner_id": collector.id, "interest_type": "style", "style_id": self.style_impr.id, "weight": 7}
        )
        self.assertEqual(interest.display_name, "CC Impressionism")

    def test_core_collectors_without_contact_get_an_activity_once(self):
        quiet = self._collector("CC Quiet Core", self.advisor, level="core")
        busy = self._collector("CC Busy Core", self.advisor, level="core")
        self._interaction(busy, self.env["art.artwork"], days_ago=5)
        with freeze_time(fields.Datetime.now() + timedelta(days=1)):
            flagged = self.env["res.partner"]._cron_collector_no_contact(90)
        self.assertIn(quiet, flagged)
        self.assertNotIn(busy, flagged)
        activity_type = self.env.ref("collector_crm.mail_activity_type_collector_no_contact")
        self.assertEqual(
            quiet.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).user_id, self.advisor
        )
        self.assertNotIn(quiet, self.env["res.partner"]._cron_collector_no_contact(90), "only once")
        # done without a logged contact: reminded again after another 90 days of silence, not before
        quiet.activity_schedule("mail.mail_activity_data_todo", user_id=self.advisor.id, summary="Call in spring")
        quiet.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback("Left a message")
        self.assertNotIn(quiet, self.env["res.partner"]._cron_collector_no_contact(90))
        with freeze_time(fields.Datetime.now() + timedelta(days=91)):
            self.assertIn(quiet, self.env["res.partner"]._cron_collector_no_contact(90))
        # potential collectors and collectors without advisor are not concerned
        potential = self._collector("CC Quiet Potential", self.advisor, level="potential")
        orphan = self._collector("CC Quiet Orphan", None, level="core")
        flagged = self.env["res.partner"]._cron_collector_no_contact(90)
        self.assertNotIn(potential, flagged)
        self.assertNotIn(orphan, flagged)

    def test_birthday_care_through_customer_core_rules(self):
        collector = self._collector("CC Birthday Core", self.advisor, level="core")
        today = fields.Date.context_today(collector)
        self.env["customer.key.date"].create(
            {
                "partner_id": collector.id,
                "date_type_id": self.env.ref("customer_core.date_type_birthday").id,
                "date": (today + timedelta(days=7)).replace(year=1972),
            }
        )
        rule = self.env.ref("collector_crm.care_rule_collector_birthday")
        occurrences = self.env["customer.care.rule"]._run_care_rules(today)
        ours = occurrences.filtered(lambda o: o.rule_id == rule and o.partner_id == collector)
        self.assertTrue(ours, "the collector's birthday rule fires 7 days before")
        self.assertTrue(collector.activity_ids.filtered(lambda a: a.user_id == self.advisor))

    def test_relation_graph_to_depth_two(self):
        root = self._collector("CC Root", self.advisor)
        n1, n2, n3 = self.env["res.partner"].create([{"name": "CC N1"}, {"name": "CC N2"}, {"name": "CC N3"}])
        Relation = self.env["res.partner.relation"]
        Relation.create(
            [
                {
                    "left_partner_id": root.id,
                    "right_partner_id": n1.id,
                    "type_id": self.env.ref("collector_crm.relation_type_mentor").id,
                },
                {
                    "left_partner_id": n1.id,
                    "right_partner_id": n2.id,
                    "type_id": self.env.ref("collector_crm.relation_type_spouse").id,
                },
                {
                    "left_partner_id": n3.id,
                    "right_partner_id": n2.id,
                    "type_id": self.env.ref("collector_crm.relation_type_collects_with").id,
                },
            ]
        )
        graph = root.collector_relation_graph(depth=2)
        self.assertEqual({n["id"]: n["level"] for n in graph["nodes"]}, {root.id: 0, n1.id: 1, n2.id: 2})
        self.assertEqual(len(graph["edges"]), 2)
        mentor = next(e for e in graph["edges"] if e["from"] == root.id)
        self.assertEqual((mentor["to"], mentor["symmetric"]), (n1.id, False))
        self.assertEqual(len(root.collector_relation_graph(depth=1)["nodes"]), 2)

    def test_relation_graph_of_an_advisor_hides_the_contacts_they_do_not_advise(self):
        root = self._collector("CC Advised Root", self.advisor)
        advised, private = self.env["res.partner"].create(
            [{"name": "CC Advised Spouse", "user_id": self.advisor.id}, {"name": "CC Someone Else's"}]
        )
        self.env["res.partner.relation"].create(
            [
                {
                    "left_partner_id": root.id,
                    "right_partner_id": partner.id,
                    "type_id": self.env.ref("collector_crm.relation_type_collects_with").id,
                }
                for partner in advised | private
            ]
        )
        graph = root.with_user(self.advisor).collector_relation_graph(depth=1)
        nodes = {n["id"]: n for n in graph["nodes"]}
        self.assertEqual(nodes[advised.id]["label"], "CC Advised Spouse")
        self.assertTrue(nodes[advised.id]["readable"])
        self.assertFalse(nodes[private.id]["readable"])
        self.assertNotIn(
            "CC Someone Else", str(graph), "the advisor's graph never carries the name of a contact they may not read"
        )
