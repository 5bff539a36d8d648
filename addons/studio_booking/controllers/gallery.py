import base64
import os
import tempfile
import zipfile

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.studio_photo_album import StudioPhoto


def not_found():
    """A plain 404 answer (returned, not raised: the transaction and its refusal log are kept)."""
    return request.make_response(
        request.env._("This link is not valid or has expired. Please ask the studio for a new one."),
        headers=[("Content-Type", "text/plain; charset=utf-8")],
        status=404,
    )


def photo_response(photo, size):
    """A watermarked thumbnail or preview of photo (never the original), or a 404."""
    if not photo or size not in ("thumb", "preview"):
        return not_found()
    data = base64.b64decode(photo["image_thumb" if size == "thumb" else "image_preview"] or b"")
    return request.make_response(
        data,
        headers=[
            ("Content-Type", "image/jpeg"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "private, max-age=3600"),
        ],
    )


class StudioGallery(http.Controller):
    def _album(self, album_id, token, log_refusal=True):
        """The album this token opens, as superuser, or None (refusal logged).

        A wrong or expired token and an unknown id look the same to the visitor:
        the routes answer 404 without raising, so that the refusal log is kept."""
        album = request.env["studio.photo.album"].sudo().browse(album_id).exists()
        if not album or album.state == "draft" or not album._check_portal_token(token):
            if album and log_refusal:
                album._log("denied", request)
            if album.partner_id.lang:
                # the refusal speaks the customer's language, not the browser's
                request.update_context(lang=album.partner_id.lang)
            return None
        return album

    _refused = {"ok": False, "error": "not found"}

    def _not_found(self):
        return not_found()

    @http.route(
        "/studio/gallery/<int:album_id>/<string:token>", type="http", auth="public", website=False, sitemap=False
    )
    def gallery(self, album_id, token, **kwargs):
        album = self._album(album_id, token)
        if album is None:
            return self._not_found()
        album._log("open", request)
        # the page speaks the customer's language (the template's terms follow the request's)
        request.update_context(lang=album.partner_id.lang or request.env.lang)
        album = album.with_context(lang=request.env.lang)
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
        return photo_response(album and album.photo_ids.filtered(lambda p: p.id == photo_id), size)

    @http.route("/studio/gallery/<int:album_id>/<string:token>/toggle", type="jsonrpc", auth="public", methods=["POST"])
    def toggle(self, album_id, token, photo_id, selected=None, favourite=None, comment=None, **kwargs):
        album = self._album(album_id, token)
        photo = album and album.photo_ids.filtered(lambda p: p.id == int(photo_id))
        if not photo:
            return self._refused
        try:
            return {"ok": True, **album._toggle(photo, selected, favourite, comment)}
        except UserError as error:
            return {"ok": False, "error": str(error), **album._counters()}

    @http.route("/studio/gallery/<int:album_id>/<string:token>/submit", type="jsonrpc", auth="public", methods=["POST"])
    def submit(self, album_id, token, **kwargs):
        album = self._album(album_id, token)
        if album is None:
            return self._refused
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
        if album is None or not album._originals_allowed():
            return self._not_found()
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
