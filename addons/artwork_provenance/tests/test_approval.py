from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestIntakeApproval(ArtworkCommon):
    def test_intake_needs_the_art_director(self):
        art = self._artwork()
        art.with_user(self.registrar).action_submit_intake()
        self.assertEqual(art.intake_state, "to_approve")
        self.assertFalse(art.with_user(self.sales).can_review)
        self.assertTrue(art.with_user(self.director).can_review)
        # cannot be offered before approval
        with self.assertRaises(UserError):
            self._sell(art, deliver=False)
        art.with_user(self.director).validate_tier()
        self.assertEqual(art.intake_state, "approved")
        # the sales team is told
        message = art.message_ids.filtered(lambda m: self.sales.partner_id in m.partner_ids)
        self.assertTrue(message)

    def test_rejected_intake_can_be_resubmitted(self):
        art = self._artwork()
        art.action_submit_intake()
        art.with_user(self.director).reject_tier()
        self.assertEqual(art.intake_state, "rejected")
        art.action_submit_intake()
        self.assertEqual(art.intake_state, "to_approve")
        art.with_user(self.director).validate_tier()
        self.assertEqual(art.intake_state, "approved")
