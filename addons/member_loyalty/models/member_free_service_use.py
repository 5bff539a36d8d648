from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class MemberFreeServiceUse(models.Model):
    """One free service a member used: one row per unit of a free-service reward on a
    confirmed order, numbered 1..allowance within the membership year. The database refuses
    a number above the allowance and the same number twice, so two counters cannot give the
    last free service of a year twice."""

    _name = "member.free.service.use"
    _description = "Free Service Used"
    _order = "year_start desc, use_number"

    partner_id = fields.Many2one("res.partner", string="Member", required=True, index=True, readonly=True)
    tier_id = fields.Many2one("member.tier", readonly=True)
    year_start = fields.Date(string="Membership Year From", required=True, readonly=True)
    use_number = fields.Integer(string="Use", required=True, readonly=True)
    allowance = fields.Integer(required=True, readonly=True, help="Free services per year of the tier at the time.")
    order_line_id = fields.Many2one("sale.order.line", required=True, ondelete="cascade", index=True, readonly=True)
    order_id = fields.Many2one(related="order_line_id.order_id", store=True, string="Order")
    reward_id = fields.Many2one(related="order_line_id.reward_id", string="Reward")
    date = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one("res.company", string="Store", readonly=True, index=True)

    _number_in_allowance = models.Constraint(
        "CHECK(use_number >= 1 AND use_number <= allowance)",
        "The member has used all the free services of the membership year.",
    )
    _number_unique = models.Constraint(
        "UNIQUE(partner_id, year_start, use_number)",
        "This free service of the membership year was already used.",
    )

    @api.model
    def _year_start(self, partner, day):
        """First day of the membership year `day` falls in (anniversaries of the join date)."""
        joined = partner.member_join_date or day.replace(month=1, day=1)
        years = max(0, relativedelta(day, joined).years)
        return joined + relativedelta(years=years)

    @api.model
    def _used(self, partner, day, exclude_order=None):
        domain = [("partner_id", "=", partner.id), ("year_start", "=", self._year_start(partner, day))]
        if exclude_order:
            domain.append(("order_id", "!=", exclude_order.id))
        return self.sudo().search_count(domain)

    @api.model
    def _left(self, partner, day, exclude_order=None):
        allowance = partner.member_tier_id.free_services_per_year if partner.is_member else 0
        return max(0, allowance - self._used(partner, day, exclude_order=exclude_order))

    @api.model
    def _record(self, order):
        """Number the free services of a confirmed order; refuses past the allowance."""
        partner = order.partner_id.commercial_partner_id
        day = fields.Date.context_today(self)
        lines = order.order_line.filtered(lambda line: line.reward_id.member_free_service)
        units = int(sum(lines.mapped("product_uom_qty")))
        if not units:
            return self
        left = self._left(partner, day, exclude_order=order)
        if units > left:
            raise UserError(self._refusal(partner, left))
        year_start = self._year_start(partner, day)
        allowance = partner.member_tier_id.free_services_per_year
        self.env.flush_all()
        # Two counters numbering the same year: the second waits for the member's row, then fails to
        # serialize (the row was updated) and its request is retried, seeing the first one's use. A mere
        # row lock would let it go on with a snapshot that misses that use.
        self.env.cr.execute(SQL("UPDATE res_partner SET write_date = write_date WHERE id = %s", partner.id))
        self.env.cr.execute(
            SQL(
                """
SELECT n FROM generate_series(1, %(allowance)s) n
 WHERE n NOT IN (SELECT use_number FROM member_free_service_use
                  WHERE partner_id = %(partner)s AND year_start = %(start)s)
 ORDER BY n LIMIT %(units)s
                """,
                allowance=allowance,
                partner=partner.id,
                start=year_start,
                units=units,
            )
        )
        numbers = [row[0] for row in self.env.cr.fetchall()]
        if len(numbers) < units:
            raise UserError(self._refusal(partner, len(numbers)))
        vals_list = []
        for line in lines:
            for _unit in range(int(line.product_uom_qty)):
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "tier_id": partner.member_tier_id.id,
                        "year_start": year_start,
                        "use_number": numbers.pop(0),
                        "allowance": allowance,
                        "order_line_id": line.id,
                        "date": day,
                        "company_id": order.company_id.id,
                    }
                )
        return self.sudo().create(vals_list)

    @api.model
    def _refusal(self, partner, left):
        return self.env._(
            "%(member)s has %(left)s free service(s) left in this membership year (tier %(tier)s: "
            "%(allowance)s per year): remove the free service or charge it.",
            member=partner.display_name,
            left=left,
            tier=partner.member_tier_id.display_name or "-",
            allowance=partner.member_tier_id.free_services_per_year,
        )
