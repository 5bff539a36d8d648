import base64
import os
import tempfile
import zipfile

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.studio_booking.models.studio_photo_album import StudioPhoto


class StudioGallery(http.Controller):
    def _album(self, album_id, token, log_refusal=True):
        """The album this token opens, as superuser, or NotFound.

        A wrong or expired token and an unknown id look the same to the visitor."""
        album = request.env["studio.photo.album"].sudo().browse(album_id).exists()
        if not album or album.state == "draft" or not album._check_portal_token(token):
            if album and log_refusal:
                album._log("denied", request)
            raise NotFound()
        return album

    @http.route(
        "/studio/gallery/<int:album_id>/<string:token>", type="http", auth="public", website=False, sitemap=False
    )
    def gallery(self, album_id, token, **kwargs):
        album = self._album(album_id, token)
        album._log("open", request)
        lang = album.partner_id.lang or request.env.lang
        album = album.with_context(lang=lang)
        return request.render(
            "studio_booking.portal_gallery",
            {
                "album": album,
                "token": token,
                "photos": album.photo_ids.read(["id", "name", "selected", "favourite", "comment"]),
                "counters": album._counters(),
                "base": f"/studio/gallery/{album.id}/{token}",
                "can_download": album._originals_allowed(),
            },
        )

    @http.route(
        "/studio/gallery/<int:album_id>/<string:token>/photo/<int:photo_id>/<string:size>",
        type="http",
        auth="public",
        sitemap=False,
    )
    def photo(self, album_id, token, photo_id, size, **kwargs):
        album = self._album(album_id, token, log_refusal=False)
        photo = album.photo_ids.filtered(lambda p: p.id == photo_id)
        if not photo or size not in ("thumb", "preview"):
            raise NotFound()
        field = "image_thumb" if size == "thumb" else "image_preview"
        data = base64.b64decode(photo[field] or b"")
        return request.make_response(
            data,
            headers=[
                ("Content-Type", "image/jpeg"),
                ("Content-Length", str(len(data))),
                ("Cache-Control", "private, max-age=3600"),
            ],
        )

    @http.route("/studio/gallery/<int:album_id>/<string:token>/toggle", type="jsonrpc", auth="public", methods=["POST"])
    def toggle(self, album_id, token, photo_id, selected=None, favourite=None, comment=None, **kwargs):
        album = self._album(album_id, token)
        photo = album.photo_ids.filtered(lambda p: p.id == int(photo_id))
        if not photo:
            raise NotFound()
        try:
            return {"ok": True, **album._toggle(photo, selected, favourite, comment)}
        except UserError as error:
            return {"ok": False, "error": str(error), **album._counters()}

    @http.route("/studio/gallery/<int:album_id>/<string:token>/submit", type="jsonrpc", auth="public", methods=["POST"])
    def submit(self, album_id, token, **kwargs):
        album = self._album(album_id, token)
        try:
            album._submit()
        except UserError as error:
            return {"ok": False, "error": str(error), **album._counters()}
        album._log("submit", request)
        return {"ok": True, **album._counters()}

    @http.route(
        "/studio/gallery/<int:album_id>/<string:token>/originals.zip", type="http", auth="public", sitemap=False
    )
    def originals(self, album_id, token, **kwargs):
        album = self._album(album_id, token)
        if not album._originals_allowed():
            raise NotFound()
        album._log("download", request)
        # written to a temporary file one original at a time, then streamed
        handle, path = tempfile.mkstemp(suffix=".zip")
        os.close(handle)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            for photo in album.photo_ids.filtered("selected"):
                with (
                    StudioPhoto._open_attachment(photo, photo.original_id) as source,
                    archive.open(photo.name or f"{photo.id}.jpg", "w", force_zip64=True) as target,
                ):
                    while chunk := source.read(1 << 20):
                        target.write(chunk)
        stream = open(path, "rb")  # noqa: SIM115
        os.unlink(path)
        return request.make_response(
            stream,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", f'attachment; filename="{album.sale_order_id.name}.zip"'),
            ],
        )
