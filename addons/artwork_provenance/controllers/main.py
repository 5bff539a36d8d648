from odoo import http
from odoo.http import request


class ArtworkVerification(http.Controller):
    def _visitor_lang(self):
        installed = [code for code, _name in request.env["res.lang"].sudo().get_installed()]
        for lang, _quality in request.httprequest.accept_languages:
            code = lang.replace("-", "_")
            for candidate in installed:
                if candidate.lower() == code.lower() or candidate.split("_")[0] == code.split("_")[0]:
                    return candidate
        return "en_US" if "en_US" in installed else installed[0]

    @http.route("/art/verify/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False)
    def verify(self, token, **kwargs):
        limit = int(request.env["ir.config_parameter"].sudo().get_param("artwork_provenance.verify_rate_limit", 30))
        # counted in the database: every worker (and server) shares the same counts
        if request.env["art.verify.rate"].sudo()._hit(request.httprequest.remote_addr, limit):
            env = request.env(context=dict(request.env.context, lang=self._visitor_lang()))
            return request.make_response(
                env._("Too many requests, please try again in a minute."),
                status=429,
                headers=[("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "60")],
            )
        lang = self._visitor_lang()
        Artwork = request.env["art.artwork"].sudo().with_context(lang=lang, active_test=False)
        artwork = Artwork.search([("public_token", "=", token)], limit=1) if token else Artwork
        if not artwork:
            return request.make_response(
                request.env["ir.ui.view"]
                .with_context(lang=lang)
                ._render_template("artwork_provenance.verify_not_found", {}),
                status=404,
                headers=[("Content-Type", "text/html; charset=utf-8")],
            )
        values = artwork._public_verification_values()
        html = (
            request.env["ir.ui.view"].with_context(lang=lang)._render_template("artwork_provenance.verify_page", values)
        )
        return request.make_response(
            html,
            headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("X-Robots-Tag", "noindex"),
                ("Cache-Control", "no-store"),
            ],
        )
