from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class CollectorViewingRoom(http.Controller):
    def _get_recommendation(self, reco_id, token):
        reco = request.env["collector.recommendation"].sudo().browse(reco_id).exists()
        if not reco or not reco._check_viewing_room_token(token):
            raise NotFound()
        return reco

    @http.route("/viewing-room/<int:reco_id>", type="http", auth="public", website=False, sitemap=False)
    def viewing_room(self, reco_id, token=None, sent=None, **kwargs):
        reco = self._get_recommendation(reco_id, token)
        lang = reco.partner_id.lang or reco.company_id.partner_id.lang or "en_US"
        reco = reco.with_context(lang=lang)
        request.update_context(lang=lang)
        return request.render(
            "collector_crm.viewing_room_page",
            {"reco": reco, "token": token, "sent": sent, "company": reco.company_id},
        )

    @http.route(
        "/viewing-room/<int:reco_id>/image/<int:line_id>",
        type="http",
        auth="public",
        website=False,
        sitemap=False,
    )
    def viewing_room_image(self, reco_id, line_id, token=None, **kwargs):
        reco = self._get_recommendation(reco_id, token)
        line = reco.line_ids.filtered(lambda l: l.id == line_id)
        if not line:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_image_stream_from(line.artwork_id, "image_1024", placeholder="web/static/img/placeholder.png")
            .get_response()
        )

    @http.route(
        "/viewing-room/<int:reco_id>/respond",
        type="http",
        auth="public",
        methods=["POST"],
        website=False,
        sitemap=False,
    )
    def viewing_room_respond(self, reco_id, token=None, line_id=None, kind=None, message=None, **kwargs):
        reco = self._get_recommendation(reco_id, token)
        line = reco.line_ids.filtered(lambda l: l.id == int(line_id or 0))
        if not line or kind not in ("interest", "question"):
            raise NotFound()
        if line.availability in ("sold", "reserved"):
            # never offered once sold or reserved: the page shows it as such
            return request.redirect(f"/viewing-room/{reco.id}?token={token}")
        reco._viewing_room_response(line, kind, (message or "").strip()[:2000])
        return request.redirect(f"/viewing-room/{reco.id}?token={token}&sent={line.id}")


class CollectorEventRsvp(http.Controller):
    @http.route(
        "/collector/rsvp/<int:registration_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=False,
        sitemap=False,
    )
    def rsvp(self, registration_id, token, answer=None, **kwargs):
        registration = request.env["event.registration"].sudo().browse(registration_id).exists()
        if not registration or not registration._check_rsvp_token(token):
            raise NotFound()
        if request.httprequest.method == "POST" and answer in ("yes", "no"):
            registration._collector_answer(answer == "yes")
        lang = registration.partner_id.lang or "en_US"
        request.update_context(lang=lang)
        return request.render(
            "collector_crm.rsvp_page",
            {"registration": registration.with_context(lang=lang), "token": token},
        )
