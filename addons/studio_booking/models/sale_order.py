from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_amount, format_date


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # the studio's own records: read by studio staff only (every quotation of the company is
    # opened by gallery advisors, shop sellers and accountants, who hold no studio rights)
    studio_booking_ids = fields.One2many(
        "studio.booking", "sale_order_id", string="Shoot Bookings", groups="studio_booking.group_studio_user"
    )
    studio_booking_count = fields.Integer(
        compute="_compute_studio_booking_count", groups="studio_booking.group_studio_user"
    )
    studio_album_ids = fields.One2many(
        "studio.photo.album", "sale_order_id", string="Photo Selections", groups="studio_booking.group_studio_user"
    )
    studio_package_id = fields.Many2one(
        "product.product",
        string="Package",
        compute="_compute_studio_package_id",
        compute_sudo=True,
        store=True,
    )
    studio_shoot_date = fields.Datetime(
        string="Shoot Date", compute="_compute_studio_shoot_date", compute_sudo=True, store=True
    )
    studio_delivery_date = fields.Date(string="Photo Delivery Date")
    studio_deposit_percent = fields.Float(
        string="Deposit (%)",
        default=lambda self: self.env.company.studio_deposit_percent,
    )
    studio_deposit_amount = fields.Monetary(string="Deposit", compute="_compute_studio_payment", store=True)
    studio_amount_paid = fields.Monetary(string="Paid", compute="_compute_studio_payment", store=True)
    studio_amount_due = fields.Monetary(string="Balance Due", compute="_compute_studio_payment", store=True)
    studio_deposit_paid = fields.Boolean(string="Deposit Paid", compute="_compute_studio_payment", store=True)
    studio_balance_due_date = fields.Date(
        string="Balance Due On", compute="_compute_studio_balance_due_date", store=True
    )
    studio_balance_reminder_sent = fields.Datetime(string="Balance Reminder Sent", copy=False, readonly=True)
    studio_payment_status = fields.Selection(
        [
            ("none", "Nothing paid"),
            ("deposit", "Deposit paid"),
            ("paid", "Fully paid"),
        ],
        compute="_compute_studio_payment",
        store=True,
        string="Payment",
    )

    studio_rating_ids = fields.One2many(
        "studio.rating", "sale_order_id", string="Satisfaction Scores", groups="studio_booking.group_studio_user"
    )
    studio_satisfaction = fields.Float(
        string="Satisfaction",
        compute="_compute_studio_satisfaction",
        compute_sudo=True,
        store=True,
        aggregator="avg",
    )
    studio_survey_sent = fields.Datetime(string="Survey Sent", readonly=True, copy=False)

    _studio_deposit_percent_range = models.Constraint(
        "CHECK (studio_deposit_percent >= 0 AND studio_deposit_percent <= 100)",
        "The deposit must be between 0 and 100 percent.",
    )

    @api.depends("studio_rating_ids.score", "studio_rating_ids.target")
    def _compute_studio_satisfaction(self):
        for order in self:
            overall = order.studio_rating_ids.filtered(lambda r: r.target == "overall")
            order.studio_satisfaction = sum(overall.mapped("score")) / len(overall) if overall else 0.0

    def _studio_send_survey(self):
        """Invite the customer to the satisfaction survey, once per order."""
        template = self.env.ref("studio_booking.mail_template_studio_survey", raise_if_not_found=False)
        for order in self.filtered(lambda o: not o.studio_survey_sent):
            survey = order.company_id.studio_survey_id or self.env.ref(
                "studio_booking.survey_shoot_satisfaction", raise_if_not_found=False
            )
            if not survey:
                continue
            answer = survey.sudo()._create_answer(
                partner=order.partner_id, check_attempts=False, studio_sale_order_id=order.id
            )
            if template:
                # the consultant who delivers the photos has no survey rights: the invitation
                # is the studio's own template on the answer just made for this order
                template.sudo().send_mail(answer.id)
            order.studio_survey_sent = fields.Datetime.now()
        return True

    @api.depends("studio_booking_ids")
    def _compute_studio_booking_count(self):
        for order in self:
            order.studio_booking_count = len(order.studio_booking_ids)

    @api.depends("order_line.product_id.is_studio_package")
    def _compute_studio_package_id(self):
        for order in self:
            packages = order.order_line.product_id.filtered("is_studio_package")
            order.studio_package_id = packages[:1]

    @api.depends("studio_booking_ids.start", "studio_booking_ids.state")
    def _compute_studio_shoot_date(self):
        for order in self:
            starts = order.studio_booking_ids.filtered(lambda b: b.state != "cancelled").mapped("start")
            order.studio_shoot_date = min(starts) if starts else False

    @api.depends(
        "amount_total",
        "studio_deposit_percent",
        "invoice_ids.state",
        "invoice_ids.amount_residual",
        "invoice_ids.amount_total",
    )
    def _compute_studio_payment(self):
        for order in self:
            paid = 0.0
            for move in order.invoice_ids.filtered(lambda m: m.state == "posted"):
                settled = move.amount_total - move.amount_residual
                paid += -settled if move.move_type == "out_refund" else settled
            currency = order.currency_id or order.company_id.currency_id
            # once asked for, the deposit is what its invoice asked: extras added later
            # (more photos chosen) raise the balance, not the deposit already paid
            deposit_invoices = order.invoice_ids.filtered(
                lambda m: m.state == "posted" and m.move_type == "out_invoice" and m._is_downpayment()
            )
            if deposit_invoices:
                deposit = sum(deposit_invoices.mapped("amount_total"))
            else:
                deposit = currency.round(order.amount_total * order.studio_deposit_percent / 100)
            order.studio_deposit_amount = deposit
            order.studio_amount_paid = paid
            order.studio_amount_due = max(order.amount_total - paid, 0.0)
            order.studio_deposit_paid = bool(order.amount_total) and (
                currency.compare_amounts(paid, deposit) >= 0 and paid > 0
            )
            if order.amount_total and currency.compare_amounts(paid, order.amount_total) >= 0:
                order.studio_payment_status = "paid"
            elif order.studio_deposit_paid:
                order.studio_payment_status = "deposit"
            else:
                order.studio_payment_status = "none"

    @api.depends(
        "studio_shoot_date",
        "studio_delivery_date",
        "company_id.studio_balance_due_mode",
        "company_id.studio_balance_due_days",
        "user_id.tz",
    )
    def _compute_studio_balance_due_date(self):
        """The balance falls due on the shoot day or some days after it, or some days before
        the photos are delivered; never before the shoot (the deposit holds the booking)."""
        for order in self:
            company = order.company_id
            # the shoot's day where the studio is (not where the user who changed it is)
            tz = order.user_id.tz or company.partner_id.tz or "UTC"
            shoot = (
                order.studio_shoot_date
                and fields.Datetime.context_timestamp(order.with_context(tz=tz), order.studio_shoot_date).date()
            )
            days = max(company.studio_balance_due_days, 0)
            if company.studio_balance_due_mode == "before_delivery":
                due = order.studio_delivery_date and order.studio_delivery_date - timedelta(days=days)
                if due and shoot:
                    due = max(due, shoot)
            else:
                due = shoot and shoot + timedelta(days=days)
            order.studio_balance_due_date = due or False

    def action_studio_request_deposit(self):
        """Create the deposit as an Odoo down-payment invoice and post it."""
        self.ensure_one()
        if not self.studio_package_id:
            raise UserError(self.env._("Add a studio package to the order first."))
        if self.studio_deposit_percent <= 0:
            raise UserError(self.env._("Set a deposit percentage above zero."))
        if self.invoice_ids.filtered(lambda m: m.state != "cancel"):
            raise UserError(self.env._("A deposit invoice already exists for %(order)s.", order=self.name))
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=self.ids)
            .create(
                {
                    "advance_payment_method": "percentage",
                    "amount": self.studio_deposit_percent,
                    "sale_order_ids": [fields.Command.set(self.ids)],
                }
            )
        )
        self._studio_apply_care_coupon()
        invoice = wizard._create_invoices(self)
        # the consultant asks for the deposit at the counter; posting a customer invoice is an
        # accountant's right, given here for this one invoice, built by Odoo's down-payment wizard
        # from the order itself (the percentage is held between 0 and 100 by the database)
        invoice.sudo().action_post()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": invoice.id,
            "view_mode": "form",
        }

    def action_confirm(self):
        self.filtered(lambda o: o.state in ("draft", "sent") and o.studio_package_id)._studio_apply_care_coupon()
        res = super().action_confirm()
        self.filtered("studio_package_id")._studio_care_setup()
        return res

    def action_studio_apply_care_coupon(self):
        self.ensure_one()
        if not self._studio_apply_care_coupon():
            raise UserError(
                self.env._("%(customer)s has no care offer coupon to use.", customer=self.partner_id.display_name)
            )
        return True

    def _studio_apply_care_coupon(self):
        """Apply the customer's care offer coupon (anniversary / family shoot) to a studio order,
        through sale_loyalty: the discount line is Odoo's, the coupon's single point is spent
        when the order is confirmed, so a second order cannot use it. Returns the coupons applied."""
        applied = self.env["loyalty.card"]
        for order in self.filtered(lambda o: o.state in ("draft", "sent") and o.studio_package_id):
            coupons = order.partner_id._studio_care_coupons()
            if not coupons or coupons & (order.applied_coupon_ids | order.order_line.coupon_id):
                continue
            coupon = coupons[0]
            status = order._try_apply_code(coupon.code)
            if "error" in status:
                raise UserError(status["error"])
            for card, rewards in status.items():
                result = order._apply_program_reward(rewards[:1], card)
                if "error" in result:
                    raise UserError(result["error"])
            order.message_post(
                body=self.env._("Care offer coupon %(code)s applied.", code=coupon.code),
            )
            applied |= coupon
        return applied

    def _studio_care_setup(self):
        """Tag the customer by shoot type and keep the dates the care rules
        (customer_core) use: the wedding anniversary, the baby's birthday."""
        ref = self.env.ref
        tags = {
            "wedding": ref("studio_booking.partner_category_wedding", raise_if_not_found=False),
            "baby": ref("studio_booking.partner_category_baby", raise_if_not_found=False),
            "family": ref("studio_booking.partner_category_family", raise_if_not_found=False),
            "maternity": ref("studio_booking.partner_category_maternity", raise_if_not_found=False),
            "portrait": ref("studio_booking.partner_category_portrait", raise_if_not_found=False),
        }
        date_types = {
            "wedding": ref("customer_core.date_type_anniversary", raise_if_not_found=False),
            "baby": ref("customer_core.date_type_child_birthday", raise_if_not_found=False),
        }
        KeyDate = self.env["customer.key.date"].sudo()
        for order in self:
            partner = order.partner_id.commercial_partner_id
            shoot_type = order.studio_package_id.studio_shoot_type or order.opportunity_id.studio_shoot_type
            tag = tags.get(shoot_type)
            if tag and tag not in partner.category_id:
                partner.sudo().category_id = [fields.Command.link(tag.id)]
            event_date = order.opportunity_id.studio_event_date
            date_type = date_types.get(shoot_type)
            if event_date and date_type:
                known = KeyDate.search_count(
                    [("partner_id", "=", partner.id), ("date_type_id", "=", date_type.id), ("date", "=", event_date)]
                )
                if not known:
                    KeyDate.create(
                        {
                            "partner_id": partner.id,
                            "date_type_id": date_type.id,
                            "date": event_date,
                            "note": order.name,
                        }
                    )

    def _studio_confirm_if_deposit_paid(self):
        to_confirm = self.filtered(
            lambda o: o.state in ("draft", "sent") and o.studio_package_id and o.studio_deposit_paid
        )
        for order in to_confirm:
            order.action_confirm()
            held = order.studio_booking_ids.filtered(lambda b: b.state == "hold")
            order.studio_booking_ids.filtered(lambda b: b.state in ("hold", "reserved")).action_confirm()
            held.write({"hold_expires": False})
            held._studio_send_confirmation()
            order.message_post(body=self.env._("Deposit received: the order is confirmed."))
        return to_confirm

    def action_studio_find_slot(self):
        self.ensure_one()
        context = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_package_id": self.studio_package_id.id,
            "default_company_id": self.company_id.id,
        }
        wished = self.opportunity_id.studio_wished_date
        if wished and wished > fields.Date.context_today(self):
            # the search starts on the day the customer wished for
            start = datetime.combine(wished, time.min)
            context["default_date_from"] = fields.Datetime.to_string(start)
            context["default_date_to"] = fields.Datetime.to_string(start + timedelta(days=14))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Find a Free Slot"),
            "res_model": "studio.slot.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }

    def action_studio_photo_album(self):
        """Open the order's photo selection, creating it the first time."""
        self.ensure_one()
        album = self.studio_album_ids[:1]
        if not album:
            album = self.env["studio.photo.album"].create(
                {
                    "sale_order_id": self.id,
                    "name": self.env._("Photos of %(order)s", order=self.name),
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "studio.photo.album",
            "res_id": album.id,
            "view_mode": "form",
        }

    def action_view_studio_bookings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("studio_booking.studio_booking_action")
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_package_id": self.studio_package_id.id,
        }
        return action

    @api.model
    def _cron_studio_balance_reminder(self):
        """Send each balance reminder once, a few days before it falls due."""
        today = fields.Date.context_today(self)
        template = self.env.ref("studio_booking.mail_template_balance_reminder", raise_if_not_found=False)
        sms_template = self.env.ref("studio_booking.sms_template_balance", raise_if_not_found=False)
        Reminder = self.env["studio.reminder"].sudo()
        for company in self.env["res.company"].search([]):
            limit = today + timedelta(days=company.studio_balance_reminder_days)
            orders = self.search(
                Domain("company_id", "=", company.id)
                & Domain("state", "=", "sale")
                & Domain("studio_package_id", "!=", False)
                & Domain("studio_amount_due", ">", 0)
                & Domain("studio_balance_due_date", "<=", limit)
                & Domain("studio_balance_reminder_sent", "=", False)
            )
            for order in orders:
                if not Reminder._send("balance", order, template, sms_template):
                    continue
                order.studio_balance_reminder_sent = fields.Datetime.now()
                order.message_post(
                    body=self.env._(
                        "Balance reminder sent: %(amount)s due on %(date)s.",
                        amount=format_amount(self.env, order.studio_amount_due, order.currency_id),
                        date=format_date(self.env, order.studio_balance_due_date),
                    )
                )
