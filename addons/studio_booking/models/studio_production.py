import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq, format_amount, format_datetime, hmac

PRODUCTION_STAGES = [
    ("first_retouch", "First Retouch"),
    ("customer_review", "Customer Review"),
    ("fine_retouch", "Fine Retouch"),
    ("album_design", "Album Design"),
    ("production", "Album Production"),
    ("framing", "Framing"),
    ("delivery", "Ready for Delivery"),
    ("done", "Delivered"),
]
# days the customer's review link stays open
REVIEW_LINK_DAYS = 7
# days allowed per stage
STAGE_DAYS = {
    "first_retouch": 5,
    "customer_review": 3,
    "fine_retouch": 7,
    "album_design": 3,
    "production": 10,
    "framing": 3,
    "delivery": 7,
}


class StudioProduction(models.Model):
    _name = "studio.production"
    _description = "Post-production Work"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "stage_deadline, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    album_id = fields.Many2one("studio.photo.album", string="Photo Selection", index=True, ondelete="set null")
    sale_order_id = fields.Many2one("sale.order", string="Order", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="sale_order_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="sale_order_id.company_id", store=True, string="Store")
    package_id = fields.Many2one(related="sale_order_id.studio_package_id", string="Package")
    photo_count = fields.Integer(string="Photos to Retouch")
    # group_expand: the board shows every stage as the work goes, not in alphabetical order
    stage = fields.Selection(
        PRODUCTION_STAGES, default="first_retouch", required=True, tracking=True, index=True, group_expand=True
    )
    retoucher_id = fields.Many2one("res.users", tracking=True, index=True, domain="[('share', '=', False)]")
    user_id = fields.Many2one("res.users", string="In Charge of the Stage", tracking=True)
    stage_deadline = fields.Date(tracking=True)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue")
    delivery_method = fields.Selection(
        [("pickup", "Pickup at the Store"), ("shipping", "Shipping")], default="pickup", required=True
    )
    tracking_ref = fields.Char(string="Shipping Reference")
    ready_notice_sent = fields.Datetime(string="Pickup Notice Sent", readonly=True, copy=False)
    color = fields.Integer()
    # the customer's review of the first retouch, through a signed expiring link
    access_salt = fields.Char(copy=False, groups="base.group_system")
    review_round = fields.Integer(readonly=True, copy=False, help="How many times the customer was asked to review.")
    review_deadline = fields.Datetime(string="Review Link Expires On", readonly=True, copy=False)
    review_result = fields.Selection(
        [("confirmed", "Confirmed"), ("changes", "Changes Asked")],
        string="Customer Review",
        readonly=True,
        copy=False,
        tracking=True,
    )
    review_comment = fields.Text(string="Customer Comment", readonly=True, copy=False)
    review_photo_ids = fields.Many2many(
        "studio.photo",
        string="Photos to Review",
        compute="_compute_review_photo_ids",
        compute_sudo=True,  # a retoucher reads the photos, not the gallery (order amounts)
        readonly=True,
    )
    review_url = fields.Char(string="Review Link", compute="_compute_review_url")
    # whether the order still has money to pay (told to everyone who handles the work);
    # the amount only to the consultants, who see the order
    payment_pending = fields.Boolean(string="Money Due", compute="_compute_payment_due", compute_sudo=True)
    currency_id = fields.Many2one(related="sale_order_id.currency_id", groups="studio_booking.group_studio_user")
    amount_due = fields.Monetary(
        string="Still Due",
        compute="_compute_payment_due",
        compute_sudo=True,
        groups="studio_booking.group_studio_user",
    )

    @api.depends("sale_order_id.studio_amount_due")
    def _compute_payment_due(self):
        for work in self:
            due = work.sale_order_id.studio_amount_due
            work.amount_due = due
            work.payment_pending = bool(due) and work.sale_order_id.currency_id.compare_amounts(due, 0.0) > 0

    @api.depends("album_id.photo_ids.selected")
    def _compute_review_photo_ids(self):
        for work in self:
            work.review_photo_ids = work.album_id.photo_ids.filtered("selected")

    @api.depends("review_deadline", "review_round")
    def _compute_review_url(self):
        for work in self:
            work.review_url = work._review_path() if work.id and work.review_deadline else False

    @api.depends("stage_deadline", "stage")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for work in self:
            work.is_overdue = bool(work.stage != "done" and work.stage_deadline and work.stage_deadline < today)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the overdue flag."))
        today = fields.Date.context_today(self)
        domain = [("stage", "!=", "done"), ("stage_deadline", "<", today)]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.model
    def _pick_retoucher(self, company):
        """The retoucher of this store (or of every store) with the least open work."""
        group = self.env.ref("studio_booking.group_studio_retoucher")
        users = group.all_user_ids.filtered(lambda u: not u.share and company in u.company_ids)
        if not users:
            return self.env["res.users"]
        counts = dict(
            self._read_group(
                [("retoucher_id", "in", users.ids), ("stage", "!=", "done")], ["retoucher_id"], ["__count"]
            )
        )
        return min(users, key=lambda user: (counts.get(user, 0), user.id))

    @api.model
    def _create_from_album(self, album):
        retoucher = self._pick_retoucher(album.company_id)
        # named in the retoucher's language (the customer's submission runs in the customer's)
        staff_lang = retoucher.lang or album.company_id.partner_id.lang or self.env.lang
        work = self.create(
            {
                "name": self.with_context(lang=staff_lang).env._("Retouch %(order)s", order=album.sale_order_id.name),
                "album_id": album.id,
                "sale_order_id": album.sale_order_id.id,
                "photo_count": album.selected_count,
                "retoucher_id": retoucher.id,
                "user_id": retoucher.id,
                "stage_deadline": fields.Date.context_today(self) + timedelta(days=STAGE_DAYS["first_retouch"]),
            }
        )
        work._notify_stage_owner()
        return work

    def _notify_stage_owner(self):
        # the stage's name in the language of the one who gets the work
        for work in self.filtered("user_id"):
            labels = dict(self._fields["stage"]._description_selection(self.with_context(lang=work.user_id.lang).env))
            work.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=work.stage_deadline,
                summary=labels[work.stage],
                user_id=work.user_id.id,
            )

    def write(self, vals):
        unpaid = self.browse()
        if vals.get("stage") == "done":
            self._check_delivery_paid()
            unpaid = self.filtered(lambda w: w.stage != "done" and w.payment_pending)
        res = super().write(vals)
        for work in unpaid.sudo():
            work.message_post(
                body=self.env._(
                    "Delivered with %(amount)s still due on %(order)s.",
                    amount=format_amount(self.env, work.amount_due, work.sale_order_id.currency_id),
                    order=work.sale_order_id.name,
                )
            )
        return res

    def _check_delivery_paid(self):
        """A store that blocks delivery with money due refuses it (whoever asks, however)."""
        for work in self.sudo():
            if work.stage != "done" and work.payment_pending and work.company_id.studio_block_unpaid_delivery:
                raise UserError(
                    self.env._(
                        "%(order)s still has %(amount)s to pay: the photos can be delivered once it is paid.",
                        order=work.sale_order_id.name,
                        amount=format_amount(self.env, work.amount_due, work.sale_order_id.currency_id),
                    )
                )

    def action_next_stage(self):
        """Close this stage and hand the work to the next person."""
        keys = [key for key, _label in PRODUCTION_STAGES]
        for work in self:
            if work.stage == "done":
                continue
            work.activity_ids.filtered(lambda a, work=work: a.user_id == work.user_id).action_feedback(
                feedback=self.env._("Stage finished.")
            )
            next_stage = keys[keys.index(work.stage) + 1]
            values = {"stage": next_stage}
            if next_stage in STAGE_DAYS:
                values["stage_deadline"] = fields.Date.context_today(self) + timedelta(days=STAGE_DAYS[next_stage])
            if next_stage in ("customer_review", "delivery", "done", "album_design", "production", "framing"):
                # the order's salesperson, whom a retoucher (no access to orders) hands the work to
                values["user_id"] = work.sale_order_id.sudo().user_id.id or self.env.user.id
            if next_stage == "fine_retouch":
                values["user_id"] = work.retoucher_id.id
            work.write(values)
            if next_stage != "done":
                work._notify_stage_owner()
            else:
                work.sale_order_id._studio_send_survey()
            if next_stage == "customer_review":
                work._open_review()
        return True

    # ------------------------------------------------------------------
    # the customer's review of the first retouch (portal, signed link)
    # ------------------------------------------------------------------
    def _review_signature(self):
        self.ensure_one()
        sudo = self.sudo()
        if not sudo.access_salt:
            sudo.access_salt = secrets.token_urlsafe(16)
        expiry = int(sudo.review_deadline.timestamp()) if sudo.review_deadline else 0
        return hmac(self.env(su=True), "studio-review", (self.id, sudo.access_salt, expiry, sudo.review_round))

    def _review_path(self):
        self.ensure_one()
        return f"/studio/review/{self.id}/{self._review_signature()}"

    def _check_review_token(self, token):
        """True when token opens this review now (signature, round and expiry)."""
        self.ensure_one()
        if not self.review_deadline or self.review_deadline <= fields.Datetime.now():
            return False
        return bool(token) and consteq(str(token), self._review_signature())

    def _open_review(self):
        """Ask the customer to review the first retouch: a new link, sent by SMS or e-mail."""
        sms_template = self.env.ref("studio_booking.sms_template_review_link", raise_if_not_found=False)
        Reminder = self.env["studio.reminder"].sudo()

        def post(work):
            # written to the customer: in their language, the deadline at the studio's time
            studio = work.company_id.partner_id
            lang = work.partner_id.lang or studio.lang or self.env.lang
            env = self.with_context(lang=lang).env
            work.message_post(
                body=env._(
                    "The first retouch of your photos is ready. Please confirm it or tell us what to change: "
                    "%(url)s (open until %(deadline)s).",
                    url=work.get_base_url() + work._review_path(),
                    deadline=format_datetime(
                        env, work.review_deadline, tz=studio.tz or "UTC", dt_format="short", lang_code=lang
                    ),
                ),
                partner_ids=work.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

        for work in self:
            work.write(
                {
                    "review_round": work.review_round + 1,
                    "review_deadline": fields.Datetime.now() + timedelta(days=REVIEW_LINK_DAYS),
                    "review_result": False,
                }
            )
            Reminder._send("review_link", work, post, sms_template, occurrence=work.review_round)
        return True

    def _review_answer(self, decision, comments=None, comment=None):
        """The customer's answer: 'confirm' sends the work to fine retouch, 'changes' back to
        the retoucher. comments maps photo ids to a comment. All checked before anything is written."""
        self.ensure_one()
        if self.stage != "customer_review":
            raise UserError(self.env._("This review is already answered. Thank you!"))
        if decision not in ("confirm", "changes"):
            raise UserError(self.env._("Please confirm the retouch or ask for changes."))
        photos = self.review_photo_ids
        by_id = {photo.id: photo for photo in photos}
        updates = {}
        for key, text in (comments or {}).items():
            try:
                photo = by_id.get(int(key))
            except (TypeError, ValueError):
                photo = None
            if photo is None:
                raise UserError(self.env._("This photo is not part of your order."))
            updates[photo] = str(text or "").strip()[:1000]
        comment = str(comment or "").strip()[:2000]
        if decision == "changes" and not comment and not any(updates.values()):
            raise UserError(self.env._("Please tell us what to change (on a photo or below)."))
        for photo, text in updates.items():
            if photo.review_comment != (text or False):
                photo.review_comment = text or False
        self.write({"review_comment": comment or False})
        if decision == "confirm":
            self.review_result = "confirmed"
            self.action_next_stage()
            self.message_post(body=self.env._("The customer confirmed the first retouch."))
        else:
            self.activity_ids.action_feedback(feedback=self.env._("The customer asked for changes."))
            self.write(
                {
                    "review_result": "changes",
                    "stage": "first_retouch",
                    "user_id": self.retoucher_id.id,
                    "stage_deadline": fields.Date.context_today(self) + timedelta(days=STAGE_DAYS["first_retouch"]),
                }
            )
            notes = [f"{photo.name}: {text}" for photo, text in updates.items() if text]
            if comment:
                notes.append(comment)
            if self.user_id:
                self.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=self.stage_deadline,
                    summary=self.env._("Changes asked by the customer"),
                    note="<br/>".join(notes),
                    user_id=self.user_id.id,
                )
            self.message_post(body=self.env._("The customer asked for changes: %(notes)s", notes="; ".join(notes)))
        return True
