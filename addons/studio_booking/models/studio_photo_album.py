import base64
import io
import secrets
from datetime import timedelta

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq, format_amount, hmac

PREVIEW_SIZE = 1280
THUMB_SIZE = 360


CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def _font(size, text):
    """A font able to draw text (Chinese store names need a CJK font)."""
    for path in CJK_FONTS:
        try:
            return ImageFont.truetype(path, size), text
        except OSError:
            continue
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        text = "PREVIEW"
    return ImageFont.load_default(), text


def _watermarked(image, size, text):
    """A downscaled copy of image with the studio's name written across it."""
    copy = image.copy()
    copy.thumbnail((size, size))
    copy = copy.convert("RGB")
    layer = Image.new("RGBA", copy.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font_size = max(12, copy.size[0] // 16)
    font, text = _font(font_size, text)
    step = font_size * 5
    for y in range(0, copy.size[1], step):
        for x in range(-step, copy.size[0], step * 2):
            draw.text((x + (y // step % 2) * step, y), text, font=font, fill=(255, 255, 255, 90))
    copy = Image.alpha_composite(copy.convert("RGBA"), layer).convert("RGB")
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


class StudioPhotoAlbum(models.Model):
    _name = "studio.photo.album"
    _description = "Photo Selection Gallery"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("Photo selection"))
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", required=True, index=True, check_company=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="sale_order_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="sale_order_id.company_id", store=True, string="Store")
    currency_id = fields.Many2one(related="sale_order_id.currency_id")
    state = fields.Selection(
        [
            ("draft", "Preparing"),
            ("open", "Open to the Customer"),
            ("submitted", "Selection Submitted"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    version = fields.Integer(default=1, readonly=True, tracking=True)
    quota = fields.Integer(
        string="Included Photos",
        compute="_compute_quota",
        store=True,
        readonly=False,
        help="Photos included in the package.",
    )
    min_select = fields.Integer(string="Minimum to Choose", default=1)
    max_select = fields.Integer(string="Maximum to Choose", help="0 means no maximum.")
    extra_price = fields.Monetary(string="Price per Extra Photo", default=50.0)
    extra_product_id = fields.Many2one(
        "product.product",
        string="Extra Photo Product",
        default=lambda self: self.env.ref("studio_booking.product_extra_photo", raise_if_not_found=False),
    )
    deadline = fields.Datetime(
        string="Expires On",
        default=lambda self: fields.Datetime.now() + timedelta(days=14),
        tracking=True,
    )
    access_salt = fields.Char(copy=False, groups="base.group_system")
    opened_on = fields.Datetime(string="Sent to the Customer On", readonly=True, copy=False)
    reminder_sent = fields.Datetime(string="Selection Reminder Sent", readonly=True, copy=False)
    photo_ids = fields.One2many("studio.photo", "album_id", string="Photos")
    photo_count = fields.Integer(compute="_compute_counts", store=True)
    selected_count = fields.Integer(string="Chosen", compute="_compute_counts", store=True)
    extra_count = fields.Integer(string="Extra Photos", compute="_compute_counts", store=True)
    extra_amount = fields.Monetary(compute="_compute_counts", store=True)
    log_ids = fields.One2many("studio.photo.album.log", "album_id", string="Access Log")
    production_ids = fields.One2many("studio.production", "album_id", string="Post-production")
    production_stage = fields.Selection(related="production_ids.stage", string="Post-production Stage")
    upload_attachment_ids = fields.Many2many(
        "ir.attachment", string="Upload Photos", help="Drop many photos at once, then press Process."
    )
    portal_url = fields.Char(string="Customer Link", compute="_compute_portal_url")

    _min_not_negative = models.Constraint(
        "CHECK (min_select >= 0 AND max_select >= 0 AND quota >= 0)",
        "Minimum, maximum and included photos cannot be negative.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # untitled: named in the customer's language (the page they open), else the user's
        for vals in vals_list:
            if not vals.get("name") and vals.get("sale_order_id"):
                customer = self.env["sale.order"].browse(vals["sale_order_id"]).sudo().partner_id
                lang = customer.lang or self.env.lang
                vals["name"] = self.with_context(lang=lang).env._("Photo selection")
        return super().create(vals_list)

    @api.depends("sale_order_id.studio_package_id")
    def _compute_quota(self):
        for album in self:
            album.quota = album.sale_order_id.studio_package_id.studio_retouched_photos or album.quota

    @api.depends("photo_ids.selected", "quota", "extra_price")
    def _compute_counts(self):
        for album in self:
            album.photo_count = len(album.photo_ids)
            album.selected_count = len(album.photo_ids.filtered("selected"))
            album.extra_count = max(album.selected_count - album.quota, 0)
            album.extra_amount = album.extra_count * album.extra_price

    @api.depends("deadline", "version")
    def _compute_portal_url(self):
        for album in self:
            album.portal_url = album._portal_path() if album.id else False

    @api.constrains("min_select", "max_select", "quota")
    def _check_limits(self):
        for album in self:
            if album.max_select and album.max_select < album.min_select:
                raise ValidationError(self.env._("The maximum cannot be below the minimum."))

    # ------------------------------------------------------------------
    # signed, expiring link
    # ------------------------------------------------------------------
    def _portal_signature(self):
        self.ensure_one()
        sudo = self.sudo()
        if not sudo.access_salt:
            sudo.access_salt = secrets.token_urlsafe(16)
        expiry = int(sudo.deadline.timestamp()) if sudo.deadline else 0
        return hmac(self.env(su=True), "studio-gallery", (self.id, sudo.access_salt, expiry))

    def _portal_path(self):
        self.ensure_one()
        return f"/studio/gallery/{self.id}/{self._portal_signature()}"

    def _check_portal_token(self, token):
        """True when token opens this album now (signature and deadline)."""
        self.ensure_one()
        if not token or not consteq(str(token), self._portal_signature()):
            return False
        return not self.deadline or self.deadline > fields.Datetime.now()

    def _log(self, event, request=None, note=False):
        values = {"album_id": self.id, "event": event, "version": self.version, "note": note}
        if request is not None:
            values["ip"] = request.httprequest.remote_addr
            values["user_agent"] = (request.httprequest.user_agent.string or "")[:250]
        self.env["studio.photo.album.log"].sudo().create(values)

    # ------------------------------------------------------------------
    # upload
    # ------------------------------------------------------------------
    def action_process_uploads(self):
        """Turn the uploaded files into photos: originals stay where they are
        (the filestore), previews and thumbnails are made one photo at a time."""
        self.ensure_one()
        attachments = self.upload_attachment_ids
        if not attachments:
            raise UserError(self.env._("Upload photos first."))
        self.env["studio.photo"]._create_from_attachments(self, attachments)
        self.upload_attachment_ids = [fields.Command.clear()]
        return True

    # ------------------------------------------------------------------
    # selection workflow
    # ------------------------------------------------------------------
    def action_open_to_customer(self):
        for album in self:
            if not album.photo_ids:
                raise UserError(self.env._("Add the photos before opening the gallery."))
            if album.quota <= 0:
                raise UserError(self.env._("Set how many photos are included before opening the gallery."))
            album.write({"state": "open", "opened_on": fields.Datetime.now()})
            album._send_link()
        return True

    def _send_link(self):
        """Send the customer the link of this version, by SMS or e-mail (once per version)."""
        self.ensure_one()

        def post(album):
            if album.version > 1:
                body = self.env._(
                    "Your selection is open again (version %(version)s): %(url)s",
                    version=album.version,
                    url=album.get_base_url() + album._portal_path(),
                )
            else:
                body = self.env._(
                    "Your photos are ready to choose: %(url)s (open until %(deadline)s).",
                    url=album.get_base_url() + album._portal_path(),
                    deadline=fields.Datetime.to_string(album.deadline) if album.deadline else "-",
                )
            album.message_post(body=body, partner_ids=album.partner_id.ids, subtype_xmlid="mail.mt_comment")

        sms_template = self.env.ref("studio_booking.sms_template_selection_link", raise_if_not_found=False)
        return (
            self.env["studio.reminder"]
            .sudo()
            ._send("selection_link", self, post, sms_template, occurrence=self.version)
        )

    def _toggle(self, photo, selected=None, favourite=None, comment=None):
        """Change one photo from the portal; returns the counters."""
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("This selection is locked."))
        if photo.album_id != self:
            raise UserError(self.env._("This photo is not in this gallery."))
        values = {}
        if selected is not None:
            if selected and not photo.selected and self.max_select and self.selected_count >= self.max_select:
                raise UserError(self.env._("You can choose at most %(max)s photos.", max=self.max_select))
            values["selected"] = bool(selected)
        if favourite is not None:
            values["favourite"] = bool(favourite)
        if comment is not None:
            values["comment"] = str(comment)[:1000]
        photo.write(values)
        return self._counters()

    def _counters(self):
        self.ensure_one()
        return {
            "selected": self.selected_count,
            "quota": self.quota,
            "extra": self.extra_count,
            "extra_amount": self.extra_amount,
            # the running total the customer reads, in the order's currency (¥)
            "extra_amount_text": format_amount(self.env, self.extra_amount, self.currency_id),
            "max": self.max_select,
            "min": self.min_select,
            "state": self.state,
        }

    def _submit(self):
        """Lock the selection and add the extra photos to the order."""
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("This selection is already submitted."))
        if self.selected_count < self.min_select:
            raise UserError(self.env._("Please choose at least %(min)s photos.", min=self.min_select))
        if self.max_select and self.selected_count > self.max_select:
            raise UserError(self.env._("You can choose at most %(max)s photos.", max=self.max_select))
        self.state = "submitted"
        if self.extra_count:
            if not self.extra_product_id:
                raise UserError(self.env._("No product is set for extra photos."))
            order = self.sale_order_id.sudo()
            order.write(
                {
                    "order_line": [
                        fields.Command.create(
                            {
                                "product_id": self.extra_product_id.id,
                                "name": self.env._(
                                    "Extra photos (selection version %(version)s)", version=self.version
                                ),
                                "product_uom_qty": self.extra_count,
                                "price_unit": self.extra_price,
                            }
                        )
                    ]
                }
            )
        if not self.production_ids.filtered(lambda w: w.stage != "done"):
            self.env["studio.production"].sudo()._create_from_album(self)
        self.message_post(
            body=self.env._(
                "The customer submitted %(count)s photos (%(extra)s extra).",
                count=self.selected_count,
                extra=self.extra_count,
            )
        )
        return True

    def action_reopen(self):
        """Unlock a submitted selection as a new version and tell the customer."""
        for album in self:
            if album.state != "submitted":
                raise UserError(self.env._("Only a submitted selection can be reopened."))
            album.write(
                {
                    "state": "open",
                    "version": album.version + 1,
                    "deadline": max(album.deadline or fields.Datetime.now(), fields.Datetime.now() + timedelta(days=7)),
                }
            )
            album._log("reopen")
            album._send_link()
        return True

    def _originals_allowed(self):
        """The customer downloads the photos once the order is paid, or once the studio
        delivered them (a studio that delivers with money due chose to)."""
        self.ensure_one()
        if self.state != "submitted":
            return False
        delivered = any(stage == "done" for stage in self.sudo().production_ids.mapped("stage"))
        return delivered or self.sale_order_id.sudo().studio_payment_status == "paid"


class StudioPhotoAlbumLog(models.Model):
    _name = "studio.photo.album.log"
    _description = "Photo Gallery Access Log"
    _order = "id desc"

    album_id = fields.Many2one("studio.photo.album", required=True, ondelete="cascade", index=True)
    event = fields.Selection(
        [
            ("open", "Opened"),
            ("submit", "Submitted"),
            ("reopen", "Reopened"),
            ("download", "Downloaded Originals"),
            ("denied", "Refused Link"),
            ("review_open", "Opened the Retouch Review"),
            ("review_confirm", "Confirmed the First Retouch"),
            ("review_changes", "Asked for Retouch Changes"),
        ],
        required=True,
    )
    version = fields.Integer()
    ip = fields.Char(string="IP Address")
    user_agent = fields.Char(string="Browser")
    note = fields.Char()
    create_date = fields.Datetime(string="When", readonly=True)


class StudioPhoto(models.Model):
    _name = "studio.photo"
    _description = "Shoot Photo"
    _order = "album_id, sequence, id"

    album_id = fields.Many2one("studio.photo.album", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="File", required=True)
    original_id = fields.Many2one("ir.attachment", ondelete="restrict")
    image_preview = fields.Image(string="Preview", attachment=True)
    image_thumb = fields.Image(string="Thumbnail", attachment=True)
    width = fields.Integer()
    height = fields.Integer()
    selected = fields.Boolean(string="Chosen")
    favourite = fields.Boolean()
    comment = fields.Text()
    review_comment = fields.Text(string="Comment on the Retouch")

    @api.model
    def _create_from_attachments(self, album, attachments):
        watermark = album.company_id.name or "PREVIEW"
        photos = self.browse()
        for index, attachment in enumerate(attachments.sorted("name")):
            if not (attachment.mimetype or "").startswith("image/"):
                raise UserError(self.env._("%(file)s is not an image.", file=attachment.name))
            try:
                with self._open_attachment(attachment) as source, Image.open(source) as image:
                    width, height = image.size
                    if image.format == "JPEG":
                        image.draft("RGB", (PREVIEW_SIZE * 2, PREVIEW_SIZE * 2))
                    image = ImageOps.exif_transpose(image)
                    image.load()
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
                raise UserError(
                    self.env._("%(file)s is damaged or not a readable image.", file=attachment.name)
                ) from error
            preview = _watermarked(image, PREVIEW_SIZE, watermark)
            thumb = _watermarked(image, THUMB_SIZE, watermark)
            attachment.sudo().write({"res_model": "studio.photo.album", "res_id": album.id})
            photos |= self.create(
                {
                    "album_id": album.id,
                    "sequence": index,
                    "name": attachment.name,
                    "original_id": attachment.id,
                    "width": width,
                    "height": height,
                    "image_preview": base64.b64encode(preview),
                    "image_thumb": base64.b64encode(thumb),
                }
            )
            # free the cached bytes before the next photo
            photos.invalidate_recordset(["image_preview", "image_thumb"])
            attachment.invalidate_recordset(["raw", "datas"])
        return photos

    @api.model
    def _open_attachment(self, attachment):
        """A file object on the original, without loading it when it is in the filestore."""
        attachment = attachment.sudo()
        if attachment.store_fname:
            return open(attachment._full_path(attachment.store_fname), "rb")
        return io.BytesIO(attachment.raw or b"")
