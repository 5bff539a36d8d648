from datetime import timedelta

from odoo import fields
from odoo.tests import Form, tagged

from .common import CollectorCommon


@tagged("post_install", "-at_install")
class TestEvents(CollectorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag_ink = cls.env["collector.tag"].create({"name": "CC 关注当代水墨"})
        cls.invited = cls._collector(
            "CC Guest Ink", cls.advisor, collector_tag_ids=[fields.Command.set(cls.tag_ink.ids)]
        )
        cls.not_invited = cls._collector("CC Not Ink", cls.advisor)
        cls.artwork = cls._artwork("CC Dinner Work", cls.artist_wu, cls.cat_ink, 150000)
        cls.event = cls.env["event.event"].create(
            {
                "name": "CC Private dinner with the artist",
                "is_collector_event": True,
                "collector_event_kind": "dinner",
                "date_begin": fields.Datetime.now() + timedelta(days=10),
                "date_end": fields.Datetime.now() + timedelta(days=10, hours=3),
                "collector_artwork_ids": [fields.Command.set(cls.artwork.ids)],
            }
        )

    def _invite(self):
        form = Form(self.env["collector.event.invite"].with_context(default_event_id=self.event.id))
        form.tag_ids.add(self.tag_ink)
        wizard = form.save()
        self.assertEqual(wizard.partner_ids, self.invited)
        wizard.action_invite()
        return self.event.registration_ids.filtered(lambda r: r.partner_id == self.invited)

    def test_invitation_list_from_tags_and_history(self):
        registration = self._invite()
        self.assertEqual(registration.rsvp_state, "invited")
        self.assertTrue(registration.rsvp_url)
        self.assertFalse(self.event.registration_ids.filtered(lambda r: r.partner_id == self.not_invited))
        interaction = self.invited.interaction_ids.filtered(lambda i: i.res_model == "event.event")
        self.assertEqual(interaction.interaction_type, "event")
        self.assertEqual(interaction.res_id, self.event.id)
        self.assertTrue(
            self.env["mail.mail"].search([("model", "=", "event.registration"), ("res_id", "=", registration.id)])
        )
        self.assertEqual(self.event.collector_invited_count, 1)

    def test_answer_attendance_and_feedback_are_interactions(self):
        registration = self._invite()
        registration._collector_answer(True)
        self.assertEqual((registration.rsvp_state, registration.state), ("accepted", "open"))
        registration.write({"state": "done"})
        registration.collector_feedback = "Loved the ink works, wants to see more of Wu"
        subjects = self.invited.interaction_ids.mapped("name")
        self.assertTrue(any("Attended" in s for s in subjects))
        self.assertTrue(any("Accepted" in s for s in subjects))
        attended = self.invited.interaction_ids.filtered(lambda i: i.name.startswith("Attended"))
        self.assertEqual(attended.artwork_ids, self.artwork, "the works shown at the dinner")
        self.assertEqual(attended.artwork_role, "shown")

    def test_invitation_from_match_scores(self):
        fan = self._collector(
            "CC Wu Fan",
            self.advisor,
            interests=[{"interest_type": "artist", "artist_id": self.artist_wu.id, "weight": 10}],
        )
        form = Form(self.env["collector.event.invite"].with_context(default_event_id=self.event.id))
        form.artwork_id = self.artwork
        form.min_score = 30
        wizard = form.save()
        self.assertIn(fan, wizard.partner_ids)
        self.assertNotIn(self.not_invited, wizard.partner_ids)
