from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .gallery import not_found, photo_response


class StudioRetouchReview(http.Controller):
    """The customer's review of the first retouch: same signed, expiring link scheme as the gallery."""

    _refused = {"ok": False, "error": "not found"}

    def _work(self, work_id, token, log_refusal=True):
        """The work this token opens, as superuser, or None (a refusal is logged)."""
        work = request.env["studio.production"].sudo().browse(work_id).exists()
        if not work or not work._check_review_token(token):
            if work and work.album_id and log_refusal:
                work.album_id._log("denied", request, note="review")
            return None
        return work

    @http.route("/studio/review/<int:work_id>/<string:token>", type="http", auth="public", sitemap=False)
    def review(self, work_id, token, **kwargs):
        work = self._work(work_id, token)
        if work is None:
            return not_found()
        if work.album_id:
            work.album_id._log("review_open", request)
        # the page speaks the customer's language (the template's terms follow the request's)
        request.update_context(lang=work.partner_id.lang or request.env.lang)
        work = work.with_context(lang=request.env.lang)
        return request.render(
            "studio_booking.portal_review",
            {
                "work": work,
                "photos": work.review_photo_ids.read(["id", "name", "review_comment"]),
                "base": f"/studio/review/{work.id}/{token}",
                "open": work.stage == "customer_review",
            },
        )

    @http.route(
        "/studio/review/<int:work_id>/<string:token>/photo/<int:photo_id>/<string:size>",
        type="http",
        auth="public",
        sitemap=False,
    )
    def photo(self, work_id, token, photo_id, size, **kwargs):
        work = self._work(work_id, token, log_refusal=False)
        return photo_response(work and work.review_photo_ids.filtered(lambda p: p.id == photo_id), size)

    @http.route("/studio/review/<int:work_id>/<string:token>/answer", type="jsonrpc", auth="public", methods=["POST"])
    def answer(self, work_id, token, decision=None, comments=None, comment=None, **kwargs):
        work = self._work(work_id, token)
        if work is None:
            return self._refused
        if comments is not None and not isinstance(comments, dict):
            return {"ok": False, "error": request.env._("Please confirm the retouch or ask for changes.")}
        try:
            work.with_context(lang=work.partner_id.lang or request.env.lang)._review_answer(decision, comments, comment)
        except UserError as error:
            return {"ok": False, "error": str(error)}
        if work.album_id:
            work.album_id._log("review_confirm" if decision == "confirm" else "review_changes", request)
        return {"ok": True, "stage": work.stage}
