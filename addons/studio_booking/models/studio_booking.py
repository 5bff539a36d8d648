import re
import secrets
import unicodedata
from contextlib import contextmanager
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_datetime

from .crm_lead import normalize_phone
from .product_template import STUDIO_SHOOT_TYPES

# what a customer types as a phone on the public page: spaces, dashes, dots and brackets are dropped
_PHONE_NOISE = re.compile(r"[\s\-().]")
_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{7,14}$")
ONLINE_DAYS = 14
ONLINE_STEP = 60  # minutes between the start times the public page offers
ONLINE_NAME_MAX = 60

_EXISTING_KEY = re.compile(r"existing key \(.*\)=\((\d+),.*,\s*(\d+)\)", re.DOTALL)


class StudioBooking(models.Model):
    _name = "studio.booking"
    _description = "Studio Shoot Booking"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.interaction.mixin"]
    _order = "start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        string="Store",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, tracking=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Consultant",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Order",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    package_id = fields.Many2one(
        "product.product",
        domain="[('is_studio_package', '=', True)]",
        tracking=True,
    )
    shoot_type = fields.Selection(
        STUDIO_SHOOT_TYPES,
        compute="_compute_shoot_type",
        store=True,
        readonly=False,
    )
    start = fields.Datetime(required=True, tracking=True, index=True)
    stop = fields.Datetime(
        string="End",
        required=True,
        tracking=True,
        compute="_compute_stop",
        store=True,
        readonly=False,
        precompute=True,
    )
    duration = fields.Float(string="Hours", compute="_compute_duration")
    setup_minutes = fields.Integer(
        string="Set-up (min)",
        compute="_compute_buffers",
        store=True,
        readonly=False,
        precompute=True,
    )
    cleanup_minutes = fields.Integer(
        string="Clean-up (min)",
        compute="_compute_buffers",
        store=True,
        readonly=False,
        precompute=True,
    )
    state = fields.Selection(
        [
            ("hold", "Held Online"),
            ("reserved", "Reserved"),
            ("confirmed", "Confirmed"),
            ("done", "Shot"),
            ("cancelled", "Cancelled"),
        ],
        default="reserved",
        required=True,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many("studio.booking.line", "booking_id", string="Resources", copy=True)
    resource_names = fields.Char(string="Team and Rooms", compute="_compute_resource_names")
    phone = fields.Char(related="partner_id.phone")
    reminder_sent = fields.Datetime(string="Shoot Reminder Sent", readonly=True, copy=False)
    note = fields.Html(string="Notes for the Team")
    color = fields.Integer()
    # a time held by a customer on the public booking page (controllers/booking.py)
    hold_expires = fields.Datetime(readonly=True, copy=False)
    hold_phone = fields.Char(string="Phone Given Online", readonly=True, copy=False)
    hold_address = fields.Char(
        string="Network Address", readonly=True, copy=False, groups="studio_booking.group_studio_manager"
    )
    hold_token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    online_url = fields.Char(string="Customer's Link", compute="_compute_online_url", groups="base.group_system")
    online_changes = fields.Integer(
        string="Moved Online", readonly=True, copy=False, help="How many times the customer moved the shoot online."
    )

    _stop_after_start = models.Constraint("CHECK (stop > start)", "A booking must end after it starts.")
    _hold_phone_idx = models.Index("(company_id, hold_phone) WHERE state = 'hold'")
    _hold_address_idx = models.Index("(company_id, hold_address) WHERE state = 'hold'")
    _hold_expires_idx = models.Index("(hold_expires) WHERE state = 'hold'")
    _buffers_positive = models.Constraint(
        "CHECK (setup_minutes >= 0 AND cleanup_minutes >= 0)",
        "Set-up and clean-up times cannot be negative.",
    )

    @api.depends("package_id")
    def _compute_shoot_type(self):
        for booking in self:
            if booking.package_id.studio_shoot_type:
                booking.shoot_type = booking.package_id.studio_shoot_type

    @api.depends("start", "package_id")
    def _compute_stop(self):
        for booking in self:
            if booking.start and (not booking.stop or booking.stop <= booking.start):
                hours = booking.package_id.studio_hours or 2.0
                booking.stop = booking.start + timedelta(hours=hours)

    @api.depends("package_id")
    def _compute_buffers(self):
        for booking in self:
            package = booking.package_id
            booking.setup_minutes = package.studio_setup_minutes if package else 30
            booking.cleanup_minutes = package.studio_cleanup_minutes if package else 15

    @api.depends("hold_token")
    def _compute_online_url(self):
        for booking in self:
            token = booking.hold_token
            booking.online_url = token and f"{booking.get_base_url()}/studio/book/hold/{booking.id}/{token}"

    @api.depends("start", "stop")
    def _compute_duration(self):
        for booking in self:
            if booking.start and booking.stop:
                booking.duration = (booking.stop - booking.start).total_seconds() / 3600
            else:
                booking.duration = 0.0

    @api.depends("name", "partner_id", "package_id")
    def _compute_display_name(self):
        """The customer and the package, as the calendar and the lists show a shoot;
        the reference stays in the form's title and the search."""
        for booking in self:
            parts = [booking.partner_id.display_name, booking.package_id.name]
            booking.display_name = " · ".join(part for part in parts if part) or booking.name

    @api.depends("line_ids.resource_id")
    def _compute_resource_names(self):
        for booking in self:
            booking.resource_names = ", ".join(booking.line_ids.resource_id.mapped("name"))

    @api.constrains("start", "stop")
    def _check_dates(self):
        for booking in self:
            if booking.stop <= booking.start:
                raise ValidationError(
                    self.env._(
                        "Booking %(booking)s ends before it starts.",
                        booking=booking.name,
                    )
                )

    @api.onchange("start", "stop", "setup_minutes", "cleanup_minutes")
    def _onchange_window_warn(self):
        taken = []
        for line in self.line_ids.filtered("resource_id"):
            if self.start and self.stop:
                reasons = line.resource_id._studio_unavailability_reasons(
                    self.start - timedelta(minutes=self.setup_minutes or 0),
                    self.stop + timedelta(minutes=self.cleanup_minutes or 0),
                    exclude_booking_ids=self._origin.ids,
                )
                if reasons:
                    taken.append(f"{line.resource_id.name}: {' '.join(reasons)}")
        if taken:
            return {
                "warning": {
                    "title": self.env._("Not available"),
                    "message": "\n".join(taken),
                }
            }

    # ------------------------------------------------------------------
    # CRUD: the database refuses overlaps, we explain them
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "studio.booking"
                ) or self.env._("New")
        with self._studio_explain_integrity():
            bookings = super().create(vals_list)
        return bookings

    def write(self, vals):
        if {"start", "stop", "setup_minutes", "cleanup_minutes", "state", "line_ids"} & set(vals):
            with self._studio_explain_integrity():
                result = super().write(vals)
        else:
            result = super().write(vals)
        if {"start", "stop", "state", "partner_id", "package_id"} & set(vals):
            self.line_ids._studio_sync_calendar()
        return result

    def unlink(self):
        # the lines go with the booking by the database's cascade: their staff events go first
        self.sudo().line_ids.calendar_event_id.with_context(no_mail_to_attendees=True).unlink()
        return super().unlink()

    @contextmanager
    def _studio_explain_integrity(self):
        """Run the block and flush, so that an overlap refused by the exclusion
        constraint (or another of our constraints) becomes a ValidationError
        naming the resource and the booking, and nothing is half-written."""
        cr = self.env.cr
        self.env.flush_all()
        try:
            with cr.savepoint(flush=False):
                yield
                self.env.flush_all()
        except psycopg2.IntegrityError as error:
            message = self._studio_integrity_message(error)
            if message is None:
                raise
            cr.clear()
            raise ValidationError(message) from None

    @api.model
    def _studio_integrity_message(self, error):
        """A sentence for the user, or None for an error that is not ours."""
        constraint = getattr(error.diag, "constraint_name", "") or ""
        if constraint == "studio_booking_line_no_overlap":
            return self._studio_overlap_message(error)
        if constraint == "studio_booking_stop_after_start":
            return self.env._("A booking must end after it starts.")
        if constraint == "studio_booking_buffers_positive":
            return self.env._("Set-up and clean-up times cannot be negative.")
        if constraint == "studio_booking_line_resource_once_per_booking":
            match = re.search(r"=\((\d+), (\d+)\)", error.diag.message_detail or "")
            resource = ""
            if match:
                self.env.cr.execute(SQL("SELECT name FROM resource_resource WHERE id = %s", int(match.group(2))))
                row = self.env.cr.fetchone()
                resource = row[0] if row else ""
            return self.env._("%(resource)s is listed twice on the same booking.", resource=resource)
        return None

    @api.model
    def _studio_overlap_message(self, error):
        detail = getattr(error.diag, "message_detail", "") or ""
        match = _EXISTING_KEY.search(detail)
        if not match:
            return self.env._("This resource is already booked at that time by another booking.")
        resource_id, booking_id = int(match.group(1)), int(match.group(2))
        # the time the resource is held: the shoot with its set-up and clean-up
        query = SQL(
            """SELECT r.name, b.name,
                      b.start - make_interval(mins => COALESCE(b.setup_minutes, 0)),
                      b.stop + make_interval(mins => COALESCE(b.cleanup_minutes, 0))
                 FROM resource_resource r, studio_booking b
                WHERE r.id = %s AND b.id = %s""",
            resource_id,
            booking_id,
        )
        self.env.cr.execute(query)
        row = self.env.cr.fetchone()
        if not row:
            # the winner of a race committed after our snapshot: ask afresh
            with self.env.registry.cursor() as fresh_cr:
                fresh_cr.execute(query)
                row = fresh_cr.fetchone()
        if not row:
            return self.env._("This resource is already booked at that time by another booking.")
        resource_name, booking_name, start, stop = row
        return self.env._(
            "%(resource)s is not available: it is already booked by %(booking)s "
            "from %(start)s to %(stop)s (set-up and clean-up included). "
            "Choose another time or another resource.",
            resource=resource_name,
            booking=booking_name,
            start=format_datetime(self.env, start, dt_format="short"),
            stop=format_datetime(self.env, stop, dt_format="short"),
        )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        self.filtered(lambda b: b.state in ("hold", "reserved")).write({"state": "confirmed"})
        return True

    def action_done(self):
        self.filtered(lambda b: b.state in ("reserved", "confirmed")).write({"state": "done"})
        return True

    def action_cancel(self):
        """Cancel: the resources are free again at once."""
        self.filtered(lambda b: b.state != "done").write({"state": "cancelled"})
        return True

    def action_reset(self):
        self.filtered(lambda b: b.state == "cancelled").write({"state": "reserved"})
        return True

    def action_assign_resources(self):
        """Fill the resources the package needs with who is free at that time."""
        for booking in self:
            package = booking.package_id.product_tmpl_id
            if not package.studio_requirement_ids:
                raise UserError(
                    self.env._(
                        "The package %(package)s lists no required resources: add them on the package first.",
                        package=booking.package_id.display_name or "-",
                    )
                )
            requirements = []
            present = booking.line_ids.resource_id
            for requirement in package._studio_requirements():
                have = present.filtered(lambda r, req=requirement: r.studio_role == req["role"])
                missing = requirement["quantity"] - len(have)
                if missing > 0:
                    requirements.append(dict(requirement, quantity=missing))
            if not requirements:
                continue
            slots = self.env["resource.resource"]._studio_find_slots(
                requirements,
                booking.company_id,
                booking.start,
                booking.start,
                (booking.stop - booking.start).total_seconds() / 3600,
                setup=booking.setup_minutes,
                cleanup=booking.cleanup_minutes,
                limit=1,
                step=1,
                exclude_booking_ids=booking.ids,
            )
            if not slots:
                raise UserError(
                    self.env._(
                        "Not every resource package %(package)s needs is free at "
                        "this time. Use “Find a free slot” to see the next "
                        "possible times.",
                        package=booking.package_id.display_name,
                    )
                )
            booking.write(
                {
                    "line_ids": [
                        fields.Command.create({"resource_id": resource_id}) for resource_id in slots[0]["resource_ids"]
                    ]
                }
            )
        return True

    @api.model
    def _cron_studio_reminders(self):
        """Shoot, selection and pickup reminders, by SMS or e-mail; each goes out once
        (studio.reminder holds one row per reminder, unique)."""
        now = fields.Datetime.now()
        ref = self.env.ref
        Reminder = self.env["studio.reminder"].sudo()
        templates = {
            kind: (
                ref(f"studio_booking.mail_template_{mail}", raise_if_not_found=False),
                ref(f"studio_booking.sms_template_{kind}", raise_if_not_found=False),
            )
            for kind, mail in (
                ("shoot", "shoot_reminder"),
                ("selection", "selection_reminder"),
                ("pickup", "ready_for_pickup"),
            )
        }
        for company in self.env["res.company"].search([]):
            bookings = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", ("reserved", "confirmed")),
                    ("reminder_sent", "=", False),
                    ("start", ">", now),
                    ("start", "<=", now + timedelta(hours=company.studio_shoot_reminder_hours)),
                ]
            )
            for booking in bookings:
                Reminder._send("shoot", booking, *templates["shoot"])
                booking.reminder_sent = now
            albums = self.env["studio.photo.album"].search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "open"),
                    ("reminder_sent", "=", False),
                    ("opened_on", "<=", now - timedelta(days=company.studio_selection_reminder_days)),
                ]
            )
            for album in albums:
                Reminder._send("selection", album, *templates["selection"], occurrence=album.version)
                album.reminder_sent = now
            works = self.env["studio.production"].search(
                [
                    ("company_id", "=", company.id),
                    ("stage", "=", "delivery"),
                    ("delivery_method", "=", "pickup"),
                    ("ready_notice_sent", "=", False),
                ]
            )
            for work in works:
                Reminder._send("pickup", work, *templates["pickup"])
                work.ready_notice_sent = now
        return True

    def action_open_availability(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "studio.availability.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_booking_id": self.id,
                "default_start": self.start,
                "default_stop": self.stop,
                "default_resource_id": self.env.context.get("default_resource_id") or self.line_ids[:1].resource_id.id,
            },
        }

    # ------------------------------------------------------------------
    # online holds: the public booking page (controllers/booking.py)
    # ------------------------------------------------------------------
    @api.model
    def _studio_online_bookable(self, company, package):
        """True when ``package`` (product.product) can be booked online in ``company``."""
        template = package.product_tmpl_id
        return bool(
            company
            and package
            and package.active
            and template.is_studio_package
            and template.studio_online_booking
            and template.sale_ok
            and template.company_id in (company, company.browse())
            and template.studio_requirement_ids
        )

    @api.model
    def _studio_online_tz(self, company):
        """The store's time zone, in which the page shows its times: its team's working hours'."""
        resource = self.env["resource.resource"].search(
            [("company_id", "=", company.id), ("studio_role", "!=", False), ("calendar_id", "!=", False)], limit=1
        )
        return resource.calendar_id.tz or company.partner_id.tz or company.resource_calendar_id.tz or "UTC"

    @api.model
    def _studio_online_starts(self, company, package, limit=400, exclude_booking_ids=()):
        """The free start times (naive UTC) of ``package`` in ``company`` over the next two weeks,
        from the free-slot finder: every resource the package needs, set-up and clean-up included
        (the time of ``exclude_booking_ids`` counted free: a booking being moved)."""
        template = package.product_tmpl_id
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        slots = self.env["resource.resource"]._studio_find_slots(
            template._studio_requirements(),
            company,
            now + timedelta(minutes=ONLINE_STEP),
            now + timedelta(days=ONLINE_DAYS),
            template.studio_hours or 2.0,
            limit=limit,
            setup=template.studio_setup_minutes,
            cleanup=template.studio_cleanup_minutes,
            step=ONLINE_STEP,
            exclude_booking_ids=tuple(exclude_booking_ids),
        )
        return [slot["start"] for slot in slots]

    @api.model
    def _studio_online_starts_fresh(self, company, package, limit=400):
        """The free start times as the database has them now (a new transaction): after losing a
        race, the winner's booking, committed after this request's snapshot, is taken into account."""
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr)
            return env["studio.booking"]._studio_online_starts(
                env["res.company"].browse(company.id), env["product.product"].browse(package.id), limit=limit
            )

    @api.model
    def _studio_normalize_phone(self, phone):
        """The phone as stored for a hold (a Chinese mobile: 11 digits; otherwise +country...), or a
        UserError saying what is expected."""
        value = _PHONE_NOISE.sub("", phone or "")
        if value.startswith("0086"):
            value = "+86" + value[4:]
        if value.startswith("+86") and _CN_MOBILE.match(value[3:]):
            value = value[3:]
        if _CN_MOBILE.match(value) or (_INTERNATIONAL.match(value) and not value.startswith("+86")):
            return value
        raise UserError(
            self.env._(
                "Please enter a valid mobile number: 11 digits starting with 1 (for example 13800138000), "
                "or an international number starting with + and the country code."
            )
        )

    @api.model
    def _studio_clean_name(self, name):
        value = " ".join((name or "").split())
        if not value:
            raise UserError(self.env._("Please enter your name."))
        if len(value) > ONLINE_NAME_MAX:
            raise UserError(self.env._("Please enter a name of at most %(count)s characters.", count=ONLINE_NAME_MAX))
        if any(unicodedata.category(char).startswith("C") for char in value) or set(value) & set("<>{}"):
            raise UserError(self.env._("Please enter your name without special characters."))
        return value

    @api.model
    def _studio_online_hold(self, company, package, start, name, phone, address, utm=None):
        """Hold ``start`` for a customer of the public page; the caller is the controller, as
        superuser after its own checks. ``utm``: the channel the link came from (``source``,
        ``medium``, ``campaign``: names or ids of existing records). The hold makes what the backend
        makes for a studio lead: the customer (found by phone), the lead of that channel, the quotation
        and its posted down-payment invoice, paid online through Odoo's payment framework. Returns
        the booking; raises a UserError (bad input, too many holds, a time not offered) or a
        ValidationError (the database refused the overlap: another customer was faster). Nothing is
        written when it raises."""
        if not self._studio_online_bookable(company, package):
            raise UserError(self.env._("This package cannot be booked online."))
        name = self._studio_clean_name(name)
        phone = self._studio_normalize_phone(phone)
        now = fields.Datetime.now()
        if not start or start <= now or start > now + timedelta(days=ONLINE_DAYS):
            raise UserError(self.env._("Please choose one of the times shown."))
        template = package.product_tmpl_id
        # one hold at a time per phone and per address: wait for the other request, then count what is
        # committed (a new snapshot: this transaction's may be older than the other request's commit)
        for key in (f"phone:{phone}", f"address:{address or ''}"):
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", f"studio_hold:{company.id}:{key}"))
        limit = company.studio_hold_limit
        query = SQL(
            """SELECT count(*) FILTER (WHERE hold_phone = %(phone)s),
                      count(*) FILTER (WHERE hold_address = %(address)s)
                 FROM studio_booking
                WHERE state = 'hold' AND company_id = %(company)s AND hold_expires > %(now)s""",
            phone=phone,
            address=address or "",
            company=company.id,
            now=now,
        )
        self.flush_model()
        with self.env.registry.cursor() as cr:
            cr.execute(query)
            committed = cr.fetchone()
        self.env.cr.execute(query)
        own = self.env.cr.fetchone()
        if max(committed[0], own[0]) >= limit or (address and max(committed[1], own[1]) >= limit):
            raise UserError(
                self.env._(
                    "You already hold %(count)s times that are not paid yet. Pay their deposit, or wait "
                    "until they are released, before choosing another time.",
                    count=limit,
                )
            )
        slots = self.env["resource.resource"]._studio_find_slots(
            template._studio_requirements(),
            company,
            start,
            start,
            template.studio_hours or 2.0,
            limit=1,
            setup=template.studio_setup_minutes,
            cleanup=template.studio_cleanup_minutes,
            step=1,
        )
        if not slots or slots[0]["start"] != start:
            raise ValidationError(self.env._("Sorry, this time has just been taken."))
        with self.env.cr.savepoint():
            partner = self._studio_online_partner(company, name, phone)
            order = self._studio_online_order(company, package, partner, name, phone, utm or {})
            booking = self.create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "package_id": package.id,
                    "sale_order_id": order.id,
                    "user_id": False,
                    "start": start,
                    "stop": start + timedelta(hours=template.studio_hours or 2.0),
                    "setup_minutes": template.studio_setup_minutes,
                    "cleanup_minutes": template.studio_cleanup_minutes,
                    "state": "hold",
                    "hold_expires": now + timedelta(minutes=company.studio_hold_minutes),
                    "hold_phone": phone,
                    "hold_address": address or False,
                    "hold_token": secrets.token_urlsafe(24),
                    # by resource: concurrent holds meet on their first shared resource (no deadlock)
                    "line_ids": [
                        fields.Command.create({"resource_id": rid}) for rid in sorted(slots[0]["resource_ids"])
                    ],
                }
            )
            # the deposit as the consultant asks for it at the desk: Odoo's down-payment invoice, posted
            if order.studio_deposit_percent > 0:
                order.with_company(company).action_studio_request_deposit()
        return booking

    @api.model
    def _cron_studio_release_holds(self):
        """Online holds whose deposit was not paid in time are cancelled: their time is free again,
        their quotation and its unpaid deposit invoice are cancelled with them."""
        expired = self.search([("state", "=", "hold"), ("hold_expires", "<=", fields.Datetime.now())])
        for booking in expired:
            booking.message_post(body=self.env._("The online hold ran out without a deposit: the time is free again."))
        expired.write({"state": "cancelled"})
        expired._studio_online_cancel_order()
        return True

    def _studio_online_cancel_order(self):
        """Cancel the quotations of these online bookings and their deposit invoices nobody paid."""
        orders = self.sudo().sale_order_id.filtered(lambda o: o.state in ("draft", "sent"))
        for order in orders:
            unpaid = order.invoice_ids.filtered(lambda m: m.state == "posted" and m.payment_state == "not_paid")
            unpaid.button_draft()
            unpaid.button_cancel()
            if not order.invoice_ids.filtered(lambda m: m.state == "posted"):
                order._action_cancel()

    # ------------------------------------------------------------------
    # online holds: the customer, the lead and the quotation
    # ------------------------------------------------------------------
    @api.model
    def _studio_online_partner(self, company, name, phone):
        """The customer of a hold: an existing contact of this store (or shared) whose phone is
        this one once normalised (+86 138-0013-8000 is 13800138000), else a new contact."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        companies = [False, *company.parent_ids.ids]
        key = normalize_phone(phone)
        # the digits of every stored phone compared by their end (a phone may carry +86, 0086, spaces)
        Partner.flush_model(["phone"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM res_partner
                    WHERE phone IS NOT NULL AND right(regexp_replace(phone, '[^0-9]', '', 'g'), %s) = %s
                 ORDER BY id""",
                len(key),
                key,
            )
        )
        candidates = Partner.browse([row[0] for row in self.env.cr.fetchall()]).filtered_domain(
            [("company_id", "in", companies), ("is_company", "=", False)]
        )
        for partner in candidates:
            if partner.active and normalize_phone(partner.phone) == key:
                return partner
        return Partner.create({"name": name, "phone": phone, "lang": self.env.lang or "en_US", "company_id": False})

    @api.model
    def _studio_online_utm(self, utm):
        """The channel records named by a link's utm values: existing ones only (a link never makes
        new channels), by id or by name."""
        # named explicitly (False when unknown): Odoo's utm cookies would otherwise make a channel of
        # whatever a link says
        values = {"source_id": False, "medium_id": False, "campaign_id": False}
        for key, model in (("source", "utm.source"), ("medium", "utm.medium"), ("campaign", "utm.campaign")):
            value = (utm.get(key) or "").strip()[:100]
            if not value:
                continue
            Model = self.env[model].with_context(active_test=False)
            record = Model.browse(int(value)).exists() if value.isdigit() else Model
            record = record or Model.search([("name", "=", value)], limit=1)
            if record:
                values[f"{key}_id"] = record.id
        return values

    @api.model
    def _studio_online_order(self, company, package, partner, name, phone, utm):
        """The lead of the link's channel, won into a quotation for the package: the records the
        consultant's "New Quotation" on a studio lead makes (crm_lead.py), so that channel reports
        count self-bookings as they count the desk's."""
        channel = self._studio_online_utm(utm)
        team = self.env["crm.team"].search([("company_id", "in", [company.id, False])], limit=1)
        lead = (
            self.env["crm.lead"]
            .with_company(company)
            .create(
                {
                    "name": self.env._("%(package)s booked online", package=package.name),
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "contact_name": name,
                    "phone": phone,
                    "company_id": company.id,
                    "user_id": False,
                    "team_id": team.id,
                    "studio_package_id": package.id,
                    "studio_shoot_type": package.studio_shoot_type,
                    **channel,
                }
            )
        )
        return (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "opportunity_id": lead.id,
                    "origin": lead.name,
                    "user_id": False,
                    "team_id": team.id,
                    "studio_deposit_percent": company.studio_deposit_percent,
                    "order_line": [fields.Command.create(lead._studio_package_line_values())],
                    **channel,
                }
            )
        )

    def _studio_online_deposit_invoice(self):
        """The posted deposit invoice of this online booking still to pay, if any."""
        self.ensure_one()
        return self.sudo().sale_order_id.invoice_ids.filtered(
            lambda m: (
                m.state == "posted" and m.move_type == "out_invoice" and m.payment_state in ("not_paid", "partial")
            )
        )[:1]

    # ------------------------------------------------------------------
    # the customer's own changes, from the booking's link (controllers/booking.py)
    # ------------------------------------------------------------------
    def _studio_online_change_refusal(self, kind):
        """Why the customer may not make this change themselves now, or None. ``kind``: 'move' or
        'cancel'. The store's rules: until some hours before the shoot, a number of free moves."""
        self.ensure_one()
        company = self.company_id
        if self.state not in ("reserved", "confirmed"):
            return self.env._("This booking can no longer be changed online.")
        if self.start - timedelta(hours=company.studio_change_hours) <= fields.Datetime.now():
            return self.env._(
                "Online changes are possible until %(hours)s hours before the shoot. Please call the store.",
                hours=company.studio_change_hours,
            )
        if kind == "move" and self.online_changes >= company.studio_free_changes:
            return self.env._(
                "You have already changed the time %(count)s times, as many as the store allows online. "
                "Please call the store.",
                count=self.online_changes,
            )
        return None

    def _studio_online_move(self, start):
        """Move this booking to ``start`` for its customer (the controller's call, as superuser after
        the link's token): the store's rules, then the same free-slot finder as the page, this booking's
        own time counted free; the database refuses an overlap (ValidationError) and nothing is written."""
        self.ensure_one()
        refusal = self._studio_online_change_refusal("move")
        if refusal:
            raise UserError(refusal)
        now = fields.Datetime.now()
        if not start or start <= now or start > now + timedelta(days=ONLINE_DAYS):
            raise UserError(self.env._("Please choose one of the times shown."))
        template = self.package_id.product_tmpl_id
        slots = self.env["resource.resource"]._studio_find_slots(
            template._studio_requirements(),
            self.company_id,
            start,
            start,
            template.studio_hours or 2.0,
            limit=1,
            setup=self.setup_minutes,
            cleanup=self.cleanup_minutes,
            step=1,
            exclude_booking_ids=self.ids,
        )
        if not slots or slots[0]["start"] != start:
            raise ValidationError(self.env._("Sorry, this time has just been taken."))
        wanted = set(slots[0]["resource_ids"])
        commands = [fields.Command.unlink(line.id) for line in self.line_ids if line.resource_id.id not in wanted]
        commands += [
            fields.Command.create({"resource_id": rid}) for rid in sorted(wanted - set(self.line_ids.resource_id.ids))
        ]
        old = self.start
        self.write(
            {
                "start": start,
                "stop": start + (self.stop - self.start),
                "line_ids": commands,
                "online_changes": self.online_changes + 1,
                "reminder_sent": False,
            }
        )
        self.message_post(
            body=self.env._(
                "The customer moved the shoot online from %(old)s to %(new)s.",
                old=format_datetime(self.env, old, dt_format="short"),
                new=format_datetime(self.env, start, dt_format="short"),
            )
        )
        return True

    def _studio_online_cancel(self):
        """Cancel this booking for its customer (the controller's call after the link's token),
        within the store's rules: the time is free again at once; the deposit is the store's to
        settle (a consultant's activity on the order)."""
        self.ensure_one()
        refusal = self._studio_online_change_refusal("cancel")
        if refusal:
            raise UserError(refusal)
        self.write({"state": "cancelled"})
        body = self.env._("The customer cancelled the shoot online.")
        self.message_post(body=body)
        order = self.sale_order_id
        if order:
            order.message_post(body=body)
            consultant = order.user_id or order.team_id.user_id
            if consultant:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Settle the deposit of a shoot cancelled online"),
                    user_id=consultant.id,
                )
        return True

    # ------------------------------------------------------------------
    # the confirmation the customer receives once the deposit is paid
    # ------------------------------------------------------------------
    def _studio_ics(self):
        """The shoot as an iCalendar file (RFC 5545), in UTC, for the customer's phone calendar."""
        self.ensure_one()

        def text(value):
            return (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

        stamp = "%Y%m%dT%H%M%SZ"
        address = self.company_id.partner_id._display_address(without_company=True).replace("\n", ", ")
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Odoo Customer Suite//studio_booking//EN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            f"UID:studio-booking-{self.id}@{self.env['ir.config_parameter'].sudo().get_param('database.uuid', 'odoo')}",
            f"DTSTAMP:{fields.Datetime.now().strftime(stamp)}",
            f"DTSTART:{self.start.strftime(stamp)}",
            f"DTEND:{self.stop.strftime(stamp)}",
            f"SUMMARY:{text(self.company_id.name + ' · ' + (self.package_id.name or ''))}",
            f"LOCATION:{text(address)}",
            f"DESCRIPTION:{text(self.name)}",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        return ("\r\n".join(lines) + "\r\n").encode()

    def _studio_send_confirmation(self):
        """Tell the customers of these bookings that their shoot is confirmed: by e-mail with the
        shoot as an .ics file, and by SMS, each at most once per booking."""
        mail_template = self.env.ref("studio_booking.mail_template_booking_confirmed", raise_if_not_found=False)
        sms_template = self.env.ref("studio_booking.sms_template_booking_confirmed", raise_if_not_found=False)
        Reminder = self.env["studio.reminder"].sudo()
        for booking in self.sudo():
            partner = booking.partner_id
            if mail_template and partner.email and Reminder._claim("confirmed", booking):
                attachment = self.env["ir.attachment"].create(
                    {
                        "name": "shoot.ics",
                        "raw": booking._studio_ics(),
                        "mimetype": "text/calendar",
                        "res_model": booking._name,
                        "res_id": booking.id,
                    }
                )
                mail_template.send_mail(booking.id, email_values={"attachment_ids": [attachment.id]})
            if sms_template and partner.phone_sanitized and Reminder._claim("confirmed_sms", booking):
                booking._message_sms_with_template(template=sms_template, partner_ids=partner.ids, put_in_queue=True)
        return True
