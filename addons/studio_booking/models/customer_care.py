from datetime import timedelta

from odoo import fields, models


class CustomerCareRule(models.Model):
    _inherit = "customer.care.rule"

    studio_coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Offer Coupon",
        domain="[('program_type', '=', 'coupons')]",
        help="Each customer reached by this rule gets a single-use coupon of this program, "
        "to use when booking the anniversary or family shoot.",
    )
    studio_coupon_validity_days = fields.Integer(
        string="Coupon Valid (days)",
        default=60,
        help="The coupon expires this many days after the date it celebrates.",
    )

    _studio_coupon_validity_positive = models.Constraint(
        "CHECK (studio_coupon_validity_days >= 0)", "A coupon cannot be valid for a negative number of days."
    )


class CustomerCareOccurrence(models.Model):
    _inherit = "customer.care.occurrence"

    studio_coupon_id = fields.Many2one("loyalty.card", string="Offer Coupon", readonly=True, ondelete="set null")

    def _create_activities(self):
        # the coupons first: the offer e-mail sent by super() shows the customer's code
        self._studio_create_coupons()
        return super()._create_activities()

    def _studio_create_coupons(self):
        """One single-use, expiring coupon per occurrence whose rule carries an offer."""
        todo = self.filtered(lambda o: o.rule_id.studio_coupon_program_id and not o.studio_coupon_id)
        if not todo:
            return self.env["loyalty.card"]
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .create(
                [
                    {
                        "program_id": occurrence.rule_id.studio_coupon_program_id.id,
                        "partner_id": occurrence.partner_id.id,
                        "points": 1,
                        "expiration_date": occurrence.occurrence_date
                        + timedelta(days=occurrence.rule_id.studio_coupon_validity_days),
                    }
                    for occurrence in todo
                ]
            )
        )
        for occurrence, card in zip(todo, cards, strict=True):
            occurrence.studio_coupon_id = card
        return cards
