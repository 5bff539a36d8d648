from collections import OrderedDict
from datetime import datetime

import pytz
from babel.dates import format_skeleton

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq, format_amount
from odoo.tools.misc import babel_locale_parse

# requests per minute and network address (ir.config_parameter overrides them)
PAGE_RATE_LIMIT = 60
HOLD_RATE_LIMIT = 20


class StudioOnlineBooking(http.Controller):
    """The public booking page of a store and a package: its free times, and a hold on one of them.

    Everything here runs as the public user, except the few reads and the hold that the code below
    does as superuser after its own checks (the package is bookable online in that store; the
    hold's own token for its page); the database keeps holds free of overlaps."""

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _visitor_lang(self, lang=None):
        installed = [code for code, _name in request.env["res.lang"].sudo().get_installed()]
        wanted = [lang] if lang else []
        wanted += [value for value, _quality in request.httprequest.accept_languages]
        for value in wanted:
            code = (value or "").replace("-", "_")
            for candidate in installed:
                if candidate.lower() == code.lower():
                    return candidate
            for candidate in installed:
                if code and candidate.split("_")[0].lower() == code.split("_")[0].lower():
                    return candidate
        return "en_US" if "en_US" in installed else installed[0]

    def _too_many(self, kind, default):
        """True (and counted) when this address sent more than its share of requests this minute."""
        param = f"studio_booking.online_{kind}_rate_limit"
        limit = int(request.env["ir.config_parameter"].sudo().get_param(param, default))
        client = f"{kind}:{request.httprequest.remote_addr or ''}"
        return request.env["studio.booking.rate"].sudo()._hit(client, limit)

    def _answer(self, html, status=200):
        return request.make_response(
            html,
            status=status,
            headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("X-Robots-Tag", "noindex"),
                ("Cache-Control", "no-store"),
            ],
        )

    def _render(self, env, template, values, status=200):
        return self._answer(env["ir.ui.view"]._render_template(template, values), status=status)

    def _refusal(self, env, message, status):
        return self._render(
            env, "studio_booking.online_booking_message", {"message": message, "lang": env.lang}, status=status
        )

    def _page_env(self, lang=None):
        lang = self._visitor_lang(lang)
        request.update_context(lang=lang)
        return request.env(context=dict(request.env.context, lang=lang))

    def _bookable(self, env, store_id, package_id):
        """(store, package) as superuser when that package is bookable online in that store, else None."""
        env = env(su=True)
        company = env["res.company"].browse(store_id).exists()
        package = env["product.product"].with_context(active_test=False).browse(package_id).exists()
        if not company or not package or not env["studio.booking"]._studio_online_bookable(company, package):
            return None
        return company, package.with_company(company)

    def _days(self, env, company, starts, chosen=""):
        """The free start times grouped by the store's local day: [(day label, [(value, label)], open)],
        the first day open, and the day of the time the customer had chosen."""
        tz = pytz.timezone(env["studio.booking"].sudo()._studio_online_tz(company))
        locale = babel_locale_parse(env.lang)
        days = OrderedDict()
        for start in starts:
            local = pytz.utc.localize(start).astimezone(tz)
            label = format_skeleton("MMMEd", local, locale=locale)
            days.setdefault(label, []).append((start.strftime("%Y-%m-%d %H:%M:%S"), local.strftime("%H:%M")))
        return [
            (label, slots, index == 0 or any(value == chosen for value, _time in slots))
            for index, (label, slots) in enumerate(days.items())
        ]

    def _local(self, env, company, moment, skeleton):
        tz = pytz.timezone(env["studio.booking"].sudo()._studio_online_tz(company))
        local = pytz.utc.localize(moment).astimezone(tz)
        return format_skeleton(skeleton, local, locale=babel_locale_parse(env.lang))

    def _page_values(self, env, company, package, starts, chosen="", **extra):
        template = package.product_tmpl_id
        price = self._customer_price(company, package)
        deposit = company.currency_id.round(price * company.studio_deposit_percent / 100)
        return {
            "company": company,
            "package": package,
            "template": template,
            "price": format_amount(env, price, company.currency_id),
            "deposit": format_amount(env, deposit, company.currency_id),
            "hours": f"{template.studio_hours or 2.0:g}",
            "hold_minutes": company.studio_hold_minutes,
            "days": self._days(env, company, starts, chosen),
            "action": f"/studio/book/{company.id}/{package.id}",
            "lang": env.lang,
            "csrf_token": request.csrf_token(),
            "error": None,
            "name": "",
            "phone": "",
            "chosen": chosen,
            "utm": self._utm(),
            **extra,
        }

    def _customer_price(self, company, package):
        """The package's price as the quotation will ask it, taxes included."""
        template = package.product_tmpl_id
        taxes = template.taxes_id._filter_taxes_by_company(company)
        if not taxes:
            return template.list_price
        return taxes.compute_all(template.list_price, company.currency_id, 1, product=package)["total_included"]

    def _utm(self):
        """The channel of the link (utm_source, utm_medium, utm_campaign), carried from the page to
        the hold: it only names the lead's channel, never opens anything."""
        params = request.params
        return {key: (params.get(f"utm_{key}") or "")[:100] for key in ("source", "medium", "campaign")}

    # ------------------------------------------------------------------
    # routes
    # ------------------------------------------------------------------
    @http.route(
        "/studio/book/<int:store_id>/<int:package_id>", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def page(self, store_id, package_id, lang=None, **kwargs):
        env = self._page_env(lang)
        if self._too_many("page", PAGE_RATE_LIMIT):
            return self._refusal(env, env._("Too many requests, please try again in a minute."), 429)
        found = self._bookable(env, store_id, package_id)
        if not found:
            return self._refusal(env, env._("This booking page does not exist or is closed."), 404)
        company, package = found
        starts = env["studio.booking"].sudo()._studio_online_starts(company, package)
        return self._render(env, "studio_booking.online_booking_page", self._page_values(env, company, package, starts))

    @http.route(
        "/studio/book/<int:store_id>/<int:package_id>/image", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def image(self, store_id, package_id, **kwargs):
        found = self._bookable(request.env, store_id, package_id)
        if not found or not found[1].image_512:
            return request.not_found()
        return request.env["ir.binary"]._get_image_stream_from(found[1], "image_512").get_response(max_age=3600)

    @http.route(
        "/studio/book/<int:store_id>/<int:package_id>", type="http", auth="public", methods=["POST"], sitemap=False
    )
    def hold(self, store_id, package_id, start=None, name=None, phone=None, lang=None, **kwargs):
        env = self._page_env(lang)
        if self._too_many("hold", HOLD_RATE_LIMIT):
            return self._refusal(env, env._("Too many requests, please try again in a minute."), 429)
        found = self._bookable(env, store_id, package_id)
        if not found:
            return self._refusal(env, env._("This booking page does not exist or is closed."), 404)
        company, package = found
        # trusted from here: the package is bookable online in this store; the hold checks the rest
        Booking = env["studio.booking"].sudo()
        try:
            when = datetime.strptime(start or "", "%Y-%m-%d %H:%M:%S")
        except ValueError:
            when = None
        try:
            if when is None:
                raise UserError(env._("Please choose one of the times shown."))
            booking = Booking._studio_online_hold(
                company, package, when, name, phone, request.httprequest.remote_addr, utm=self._utm()
            )
        except ValidationError:
            # another customer was faster: the times as they are now, the winner's included
            starts = Booking._studio_online_starts_fresh(company, package)
            message = env._(
                "Sorry, this time has just been taken by another customer. "
                "Please choose one of the next free times below."
            )
            values = self._page_values(env, company, package, starts, error=message, name=name or "", phone=phone or "")
            return self._render(env, "studio_booking.online_booking_page", values, status=409)
        except UserError as error:
            starts = Booking._studio_online_starts(company, package)
            values = self._page_values(
                env, company, package, starts, error=str(error), name=name or "", phone=phone or "", chosen=start or ""
            )
            return self._render(env, "studio_booking.online_booking_page", values, status=400)
        return request.redirect(f"/studio/book/hold/{booking.id}/{booking.hold_token}?lang={env.lang}", code=303)

    def _own_booking(self, booking_id, token):
        """The booking of the link, as superuser, when its token (compared in constant time) is right."""
        booking = request.env["studio.booking"].sudo().browse(booking_id).exists()
        if not booking or not booking.hold_token or not consteq(booking.hold_token, token or ""):
            return None
        return booking

    def _held_values(self, env, booking, **extra):
        company = booking.company_id
        order = booking.sale_order_id
        invoice = booking._studio_online_deposit_invoice() if booking.state == "hold" else None
        deposit = order.studio_deposit_amount if order else 0.0
        if not deposit:
            price = self._customer_price(company, booking.package_id)
            deposit = company.currency_id.round(price * company.studio_deposit_percent / 100)
        move_refusal = booking._studio_online_change_refusal("move")
        cancel_refusal = booking._studio_online_change_refusal("cancel")
        starts = []
        if not move_refusal:
            starts = booking._studio_online_starts(company, booking.package_id, exclude_booking_ids=booking.ids)
            starts = [start for start in starts if start != booking.start]
        link = f"/studio/book/hold/{booking.id}/{booking.hold_token}"
        return {
            "booking": booking,
            "company": company,
            "day": self._local(env, company, booking.start, "MMMEd"),
            "hour": self._local(env, company, booking.start, "Hm"),
            "expires": self._local(env, company, booking.hold_expires, "Hm") if booking.hold_expires else "",
            "deposit": format_amount(env, deposit, company.currency_id),
            "pay_url": invoice and invoice.get_portal_url(),
            "lang": env.lang,
            "back": f"/studio/book/{company.id}/{booking.package_id.id}?lang={env.lang}",
            "link": link,
            "csrf_token": request.csrf_token(),
            "days": self._days(env, company, starts) if starts else [],
            "move_refusal": move_refusal,
            "cancel_refusal": cancel_refusal,
            "change_rules": env._(
                "You may change the time until %(hours)s hours before the shoot; free changes left: %(count)s.",
                hours=company.studio_change_hours,
                count=max(company.studio_free_changes - booking.online_changes, 0),
            ),
            "error": None,
            "notice": None,
            **extra,
        }

    @http.route(
        "/studio/book/hold/<int:booking_id>/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def held(self, booking_id, token, lang=None, done=None, **kwargs):
        env = self._page_env(lang)
        if self._too_many("page", PAGE_RATE_LIMIT):
            return self._refusal(env, env._("Too many requests, please try again in a minute."), 429)
        booking = self._own_booking(booking_id, token)
        if not booking:
            return self._refusal(env, env._("This link is not valid or has expired."), 404)
        notice = {
            "moved": env._("Your shoot has been moved to the new time."),
            "cancelled": env._("Your shoot has been cancelled."),
        }.get(done)
        booking = booking.with_env(booking.env(context=env.context))
        return self._render(env, "studio_booking.online_booking_held", self._held_values(env, booking, notice=notice))

    @http.route(
        "/studio/book/hold/<int:booking_id>/<string:token>/<string:change>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def change(self, booking_id, token, change, start=None, lang=None, **kwargs):
        """The customer moves or cancels their shoot; the store's rules are checked by the model."""
        env = self._page_env(lang)
        if self._too_many("hold", HOLD_RATE_LIMIT):
            return self._refusal(env, env._("Too many requests, please try again in a minute."), 429)
        booking = self._own_booking(booking_id, token)
        if not booking or change not in ("move", "cancel"):
            return self._refusal(env, env._("This link is not valid or has expired."), 404)
        booking = booking.with_env(booking.env(context=env.context))
        try:
            with request.env.cr.savepoint():
                if change == "cancel":
                    booking._studio_online_cancel()
                else:
                    try:
                        when = datetime.strptime(start or "", "%Y-%m-%d %H:%M:%S")
                    except ValueError:
                        raise UserError(env._("Please choose one of the times shown.")) from None
                    booking._studio_online_move(when)
        except ValidationError:
            booking.env.invalidate_all()
            message = env._(
                "Sorry, this time has just been taken by another customer. "
                "Please choose one of the next free times below."
            )
            return self._render(
                env, "studio_booking.online_booking_held", self._held_values(env, booking, error=message), status=409
            )
        except UserError as error:
            booking.env.invalidate_all()
            return self._render(
                env, "studio_booking.online_booking_held", self._held_values(env, booking, error=str(error)), status=400
            )
        done = "cancelled" if change == "cancel" else "moved"
        return request.redirect(f"/studio/book/hold/{booking.id}/{token}?lang={env.lang}&done={done}", code=303)
