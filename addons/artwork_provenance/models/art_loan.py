from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import (
    tier_check_restart,
    tier_message_body,
    tier_next_review,
    tier_to_validate_message,
    tier_validation_buttons,
)


class ArtLoan(models.Model):
    _name = "art.loan"
    _description = "Artwork Loan"
    _inherit = ["mail.thread", "mail.activity.mixin", "tier.validation"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    _state_from = ["draft", "to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    loan_type = fields.Selection(
        [("out", "Loan Out (we lend)"), ("in", "Loan In (we borrow)")],
        string="Direction",
        required=True,
        default="out",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Counterparty",
        required=True,
        tracking=True,
        help="Borrower of a loan out, lender of a loan in.",
    )
    exhibition_id = fields.Many2one("art.exhibition", string="For Exhibition")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", string="Registrar", default=lambda self: self.env.user, tracking=True)
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="Due Back", required=True, tracking=True)
    date_returned = fields.Date(string="Returned On", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("active", "Out / In House"),
            ("returned", "Returned"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    line_ids = fields.One2many("art.loan.line", "loan_id", string="Artworks", copy=True)
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    insurance_value = fields.Monetary(compute="_compute_insurance_value", store=True, string="Insured Value")
    wall_to_wall = fields.Boolean(
        string="Wall-to-Wall Insurance", help="The borrower insures the works from our wall to theirs and back."
    )
    terms = fields.Html()
    agreement_file = fields.Binary(string="Signed Agreement", attachment=True, copy=False)
    agreement_file_name = fields.Char(copy=False)
    location_id = fields.Many2one(
        "stock.location", string="Borrower's Location", readonly=True, copy=False, check_company=True
    )
    # the stock transfers: for stock users (registrars); a reviewer (legal, finance) reads the loan without them
    picking_ids = fields.Many2many(
        "stock.picking", string="Transfers", readonly=True, copy=False, groups="stock.group_stock_user"
    )
    late_activity_done = fields.Boolean(copy=False, readonly=True)
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    color = fields.Integer(compute="_compute_is_late")

    _dates_check = models.Constraint("CHECK(date_end >= date_start)", "A loan cannot end before it starts.")

    @api.depends("line_ids.insurance_value")
    def _compute_insurance_value(self):
        for loan in self:
            loan.insurance_value = sum(loan.line_ids.mapped("insurance_value"))

    @api.depends("state", "date_end")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for loan in self:
            loan.is_late = loan.state == "active" and loan.date_end < today
            loan.color = 1 if loan.is_late else 0

    def _search_is_late(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = [("state", "=", "active"), ("date_end", "<", fields.Date.context_today(self))]
        return domain if True in value else ["!", *domain]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for loan in self:
            if loan.date_end < loan.date_start:
                raise ValidationError(self.env._("A loan cannot end before it starts."))

    def write(self, vals):
        if {"date_start", "date_end", "state"} & set(vals):
            for loan in self:
                state = vals.get("state", loan.state)
                if state in ("cancel", "returned"):
                    continue
                start = fields.Date.to_date(vals.get("date_start", loan.date_start))
                end = fields.Date.to_date(vals.get("date_end", loan.date_end))
                for line in loan.line_ids:
                    line._check_free(line.artwork_id, start, end, loan)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("art.loan") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda loan: loan.state not in ("draft", "cancel")):
            raise UserError(self.env._("Only draft or cancelled loans can be deleted."))

    # ------------------------------------------------------------------ approval
    def _get_to_validate_message(self):
        return tier_to_validate_message(self)

    def _notify_created_review_body(self):
        return tier_message_body(self, "created")

    def _notify_requested_review_body(self, tier_reviews=None):
        return tier_message_body(self, "requested", tier_reviews)

    def _notify_restarted_review_body(self):
        return tier_message_body(self, "restarted")

    def _notify_rejected_review_body(self):
        return tier_message_body(self, "rejected")

    def _add_tier_validation_buttons(self, node, params):
        return tier_validation_buttons(self, super()._add_tier_validation_buttons(node, params), "state == 'draft'")

    def _compute_next_review(self):
        for loan in self:
            loan.next_review = tier_next_review(loan)

    def restart_validation(self):
        tier_check_restart(self)
        return super().restart_validation()

    def action_submit(self):
        for loan in self:
            if not loan.line_ids:
                raise UserError(self.env._("Add at least one artwork to loan %(loan)s.", loan=loan.name))
            if loan.state != "draft":
                raise UserError(self.env._("Loan %(loan)s is already submitted.", loan=loan.name))
        self.write({"state": "to_approve"})
        for loan in self:
            if loan.need_validation:
                loan.request_validation()
            else:
                loan._approve()
        return True

    def _approve(self):
        # need_validation has no dependencies: drop the value cached before the reviews existed
        self.invalidate_recordset(["need_validation"])
        self.with_context(skip_validation_check=True).write({"state": "approved"})

    def validate_tier(self):
        res = super().validate_tier()
        for loan in self:
            if loan.state == "to_approve" and loan.validation_status == "validated":
                loan._approve()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers=tiers)
        for loan in self:
            if loan.state == "to_approve":
                loan.with_context(skip_validation_check=True).write({"state": "draft"})
        return res

    def action_cancel(self):
        for loan in self:
            if loan.state in ("active", "returned"):
                raise UserError(
                    self.env._("Loan %(loan)s has already moved artworks; return them instead.", loan=loan.name)
                )
        self.write({"state": "cancel"})

    def action_reset_to_draft(self):
        self.write({"state": "draft"})

    # ------------------------------------------------------------------ stock
    def _loan_location(self):
        """The borrower's location: one internal location per counterparty under "On Loan"."""
        self.ensure_one()
        parent = self.env.ref("artwork_provenance.stock_location_loans_out")
        Location = self.env["stock.location"].sudo()
        location = Location.search(
            [
                ("location_id", "=", parent.id),
                ("art_partner_id", "=", self.partner_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
        if not location:
            location = Location.create(
                {
                    "name": self.partner_id.display_name,
                    "location_id": parent.id,
                    "usage": "internal",
                    "art_location_kind": "loan_out",
                    "art_partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                }
            )
        return location

    def action_dispatch(self):
        """Move the artworks: a loan out goes to the borrower's location, a loan in comes into our stock."""
        for loan in self:
            if loan.state != "approved":
                raise UserError(self.env._("Loan %(loan)s must be approved first.", loan=loan.name))
            warehouse = self.env["stock.warehouse"].search([("company_id", "=", loan.company_id.id)], limit=1)
            if loan.loan_type == "out":
                for line in loan.line_ids:
                    if line.artwork_id.status not in ("in_stock", "consigned_in"):
                        raise UserError(
                            self.env._(
                                "%(title)s cannot leave on loan: it is not available in our stock.",
                                title=line.artwork_id.name,
                            )
                        )
                    line.origin_location_id = line.artwork_id.location_id
                dest = loan._loan_location()
                loan.location_id = dest
                picking = self.env["stock.picking"]._art_transfer(
                    loan.line_ids.artwork_id, dest, warehouse.int_type_id, origin=loan.name, partner=loan.partner_id
                )
            else:
                for line in loan.line_ids:
                    if line.artwork_id.status:
                        raise UserError(
                            self.env._(
                                "%(title)s is already in stock; a loan in receives works we do not hold.",
                                title=line.artwork_id.name,
                            )
                        )
                    line.origin_location_id = loan.partner_id.property_stock_supplier
                picking = self.env["stock.picking"]._art_transfer(
                    loan.line_ids.artwork_id,
                    warehouse.lot_stock_id,
                    warehouse.in_type_id,
                    origin=loan.name,
                    partner=loan.partner_id,
                    owner=loan.partner_id,
                    source=loan.partner_id.property_stock_supplier,
                )
            loan.picking_ids = [(4, picking.id)]
            loan.state = "active"
            loan._append_provenance("loaned")
        return True

    def action_return(self):
        """The artworks come back (loan out) or go back to the lender (loan in)."""
        for loan in self:
            if loan.state != "active":
                raise UserError(self.env._("Loan %(loan)s is not active.", loan=loan.name))
            warehouse = self.env["stock.warehouse"].search([("company_id", "=", loan.company_id.id)], limit=1)
            if loan.loan_type == "out":
                for origin in loan.line_ids.origin_location_id:
                    lines = loan.line_ids.filtered(lambda ln, o=origin: ln.origin_location_id == o)
                    picking = self.env["stock.picking"]._art_transfer(
                        lines.artwork_id, origin, warehouse.int_type_id, origin=loan.name, partner=loan.partner_id
                    )
                    loan.picking_ids = [(4, picking.id)]
            else:
                picking = self.env["stock.picking"]._art_transfer(
                    loan.line_ids.artwork_id,
                    loan.partner_id.property_stock_supplier,
                    warehouse.out_type_id,
                    origin=loan.name,
                    partner=loan.partner_id,
                    owner=loan.partner_id,
                )
                loan.picking_ids = [(4, picking.id)]
            loan.write({"state": "returned", "date_returned": fields.Date.context_today(self)})
            loan.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _append_provenance(self, event_type):
        self.ensure_one()
        Entry = self.env["art.provenance.entry"].sudo()
        Entry.create(
            [
                {
                    "artwork_id": line.artwork_id.id,
                    "event_type": event_type,
                    "date": self.date_start,
                    "date_end": self.date_end,
                    "owner_id": self.partner_id.id if self.loan_type == "in" else False,
                    "place": self.partner_id.city or self.partner_id.display_name if self.loan_type == "out" else False,
                    "description": self.env._(
                        "Loan %(loan)s to %(partner)s", loan=self.name, partner=self.partner_id.name
                    )
                    if self.loan_type == "out"
                    else self.env._("Borrowed from the owner (loan %(loan)s)", loan=self.name),
                    "loan_id": self.id,
                }
                for line in self.line_ids
            ]
        )

    @api.model
    def _cron_late_returns(self):
        """An activity for the registrar on each active loan past its due date (once per loan)."""
        late = self.search(
            [
                ("state", "=", "active"),
                ("date_end", "<", fields.Date.context_today(self)),
                ("late_activity_done", "=", False),
            ]
        )
        for loan in late:
            loan.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._(
                    "Loan %(loan)s is overdue: the artworks were due back on %(date)s.",
                    loan=loan.name,
                    date=loan.date_end,
                ),
                user_id=loan.user_id.id or self.env.user.id,
            )
        late.write({"late_activity_done": True})
        return late


class ArtLoanLine(models.Model):
    _name = "art.loan.line"
    _description = "Loaned Artwork"
    _order = "loan_id, id"

    loan_id = fields.Many2one("art.loan", required=True, index=True, ondelete="cascade")
    artwork_id = fields.Many2one("art.artwork", required=True, index=True, ondelete="restrict")
    artist_id = fields.Many2one(related="artwork_id.artist_id")
    image_128 = fields.Image(related="artwork_id.image_128")
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    insurance_value = fields.Monetary()
    condition_out = fields.Text(string="Condition on Leave")
    condition_return = fields.Text(string="Condition on Return")
    condition_report_file = fields.Binary(string="Condition Report", attachment=True)
    condition_report_file_name = fields.Char()
    origin_location_id = fields.Many2one("stock.location", string="Returns To", readonly=True)
    # stored copies of the loan's period and state for the exclusion constraint
    date_start = fields.Date(related="loan_id.date_start", store=True)
    date_end = fields.Date(related="loan_id.date_end", store=True)
    state = fields.Selection(related="loan_id.state", store=True)
    loan_type = fields.Selection(related="loan_id.loan_type", store=True)
    partner_id = fields.Many2one(related="loan_id.partner_id", store=True)

    _artwork_uniq = models.Constraint("UNIQUE(loan_id, artwork_id)", "An artwork is listed once per loan.")
    _insurance_positive = models.Constraint(
        "CHECK(insurance_value IS NULL OR insurance_value >= 0)", "An insurance value cannot be negative."
    )

    _no_overlap = models.Constraint(
        "EXCLUDE USING gist (artwork_id WITH =, daterange(date_start, date_end, '[]') WITH &&) "
        "WHERE (state NOT IN ('cancel', 'returned'))",
        "An artwork cannot be on two loans at the same time.",
    )

    def _auto_init(self):
        # the exclusion constraint compares artwork ids with "=" inside a GiST index
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    @api.model
    def _check_free(self, artwork, start, end, exclude_loans):
        """Refuse, with a clear message, a loan period that overlaps another live loan of the artwork."""
        if not (artwork and start and end):
            return
        other = self.sudo().search(
            [
                ("artwork_id", "=", artwork.id),
                ("loan_id", "not in", exclude_loans.ids),
                ("state", "not in", ("cancel", "returned")),
                ("date_start", "<=", end),
                ("date_end", ">=", start),
            ],
            limit=1,
        )
        if other:
            raise ValidationError(
                self.env._(
                    "%(title)s is already on loan %(loan)s from %(start)s to %(end)s.",
                    title=artwork.name,
                    loan=other.loan_id.name,
                    start=other.date_start,
                    end=other.date_end,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            loan = self.env["art.loan"].browse(vals.get("loan_id"))
            if loan.state not in ("cancel", "returned"):
                self._check_free(
                    self.env["art.artwork"].browse(vals.get("artwork_id")), loan.date_start, loan.date_end, loan
                )
        return super().create(vals_list)

    def write(self, vals):
        if "artwork_id" in vals:
            for line in self.filtered(lambda ln: ln.state not in ("cancel", "returned")):
                self._check_free(
                    self.env["art.artwork"].browse(vals["artwork_id"]), line.date_start, line.date_end, line.loan_id
                )
        return super().write(vals)
