from odoo import http
from odoo.http import request


class MemberJoin(http.Controller):
    """Counter QR code: the customer scans the store's code and joins from the phone."""

    @http.route("/member/join/<int:store_id>", type="http", auth="public", methods=["GET"], sitemap=False)
    def join_form(self, store_id, **kw):
        store = request.env["res.company"].sudo().browse(store_id).exists()
        if not store or not store.root_id.member_program_id:
            raise request.not_found()
        return request.render("member_loyalty.member_join_page", {"store": store})

    @http.route("/member/join/<int:store_id>", type="http", auth="public", methods=["POST"], sitemap=False)
    def join_submit(self, store_id, name="", phone="", consent=None, **kw):
        store = request.env["res.company"].sudo().browse(store_id).exists()
        if not store or not store.root_id.member_program_id:
            raise request.not_found()
        name, phone = (name or "").strip(), (phone or "").strip()
        digits = "".join(ch for ch in phone if ch.isdigit())
        if not name or len(digits) < 6:
            return request.render(
                "member_loyalty.member_join_page",
                {"store": store, "error": True, "name": name, "phone": phone},
            )
        env = request.env(su=True)
        Partner = env["res.partner"].with_company(store)
        if Partner._member_counter_find_phone(phone):  # the number of one member or several
            # anyone may post a phone number here: say that it is a member's, never whose
            return request.render("member_loyalty.member_join_done", {"store": store, "partner": Partner})
        partner = Partner.create(
            {"name": name, "phone": phone, "member_store_id": store.id, "marketing_consent": bool(consent)}
        )
        partner.with_context(loyalty_no_mail=True).action_member_enroll(store=store, channel="counter")
        return request.render("member_loyalty.member_join_done", {"store": store, "partner": partner})
