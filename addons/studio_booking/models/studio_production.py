from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

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
    stage = fields.Selection(PRODUCTION_STAGES, default="first_retouch", required=True, tracking=True, index=True)
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
        work = self.create(
            {
                "name": self.env._("Retouch %(order)s", order=album.sale_order_id.name),
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
        for work in self.filtered("user_id"):
            work.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=work.stage_deadline,
                summary=dict(PRODUCTION_STAGES)[work.stage],
                user_id=work.user_id.id,
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
                values["user_id"] = work.sale_order_id.user_id.id or self.env.user.id
            if next_stage == "fine_retouch":
                values["user_id"] = work.retoucher_id.id
            work.write(values)
            if next_stage != "done":
                work._notify_stage_owner()
            else:
                work.sale_order_id._studio_send_survey()
        return True
