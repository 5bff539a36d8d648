import base64
import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import (
    jit_off,
    tier_check_restart,
    tier_message_body,
    tier_next_review,
    tier_to_validate_message,
    tier_validation_buttons,
)

STATUS_SELECTION = [
    ("in_stock", "In Stock"),
    ("reserved", "Reserved"),
    ("on_loan_out", "On Loan (Out)"),
    ("borrowed_in", "Borrowed (In)"),
    ("in_restoration", "In Restoration"),
    ("consigned_in", "Consigned to Us"),
    ("consigned_out", "Consigned Out"),
    ("sold", "Sold"),
]

# statuses in which an artwork cannot be sold
NOT_FOR_SALE_STATUSES = ("on_loan_out", "borrowed_in", "in_restoration", "consigned_out", "sold")

FINANCE = "artwork_provenance.group_art_finance"
MANAGER = "artwork_provenance.group_art_manager"


class ArtArtwork(models.Model):
    _name = "art.artwork"
    _description = "Artwork"
    _inherit = ["mail.thread", "mail.activity.mixin", "image.mixin", "tier.validation"]
    _order = "inventory_number desc, id desc"
    _rec_names_search = ["name", "inventory_number", "artist_id.name"]
    _check_company_auto = True

    _state_field = "intake_state"
    _state_from = ["draft", "to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancel"  # never used: a rejected intake keeps its reviews
    _tier_validation_manual_config = False

    # identity
    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    inventory_number = fields.Char(
        required=True,
        copy=False,
        index=True,
        tracking=True,
        default=lambda self: self.env._("New"),
    )
    artist_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        domain=[("is_artist", "=", True)],
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)
    # classification
    category_id = fields.Many2one("art.category", index=True)
    style_ids = fields.Many2many("art.style", string="Styles")
    period_id = fields.Many2one("art.period", index=True)
    medium_id = fields.Many2one("art.medium", index=True)
    support = fields.Char(translate=True, help="e.g. canvas, rice paper, panel")
    year = fields.Integer(help="Year the work was made (or the first year of a range).")
    year_end = fields.Integer(string="Until Year", help="Last year, when the work was made over several years.")
    # physical description
    dimension_unit = fields.Selection([("cm", "cm"), ("in", "in")], default="cm", required=True)
    height = fields.Float(digits=(10, 1))
    width = fields.Float(digits=(10, 1))
    depth = fields.Float(digits=(10, 1))
    framed_height = fields.Float(digits=(10, 1))
    framed_width = fields.Float(digits=(10, 1))
    framed_depth = fields.Float(digits=(10, 1))
    weight = fields.Float(string="Weight (kg)", digits=(10, 2))
    dimensions_display = fields.Char(string="Dimensions", compute="_compute_dimensions_display")
    edition_type = fields.Selection(
        [
            ("unique", "Unique"),
            ("numbered", "Numbered Edition"),
            ("ap", "Artist's Proof (AP)"),
            ("hc", "Hors Commerce (HC)"),
        ],
        default="unique",
        required=True,
    )
    edition_number = fields.Integer()
    edition_size = fields.Integer()
    edition_display = fields.Char(string="Edition", compute="_compute_edition_display")
    signature = fields.Char(translate=True, help="Where and how the work is signed.")
    inscriptions = fields.Text(translate=True)
    condition = fields.Selection(
        [("excellent", "Excellent"), ("good", "Good"), ("fair", "Fair"), ("poor", "Poor")],
        default="good",
        tracking=True,
    )
    condition_note = fields.Text(string="Condition Notes")
    description = fields.Html(translate=True)
    image_ids = fields.One2many("art.artwork.image", "artwork_id", string="Images and Videos")
    # commerce and stock
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    list_price = fields.Monetary(string="Asking Price", tracking=True)
    price_band_id = fields.Many2one(
        "art.price.band",
        compute="_compute_price_band_id",
        store=True,
        index=True,
        ondelete="set null",
        help="Asking price band (Gallery > Configuration > Price Bands), for inventory reports.",
    )
    product_id = fields.Many2one(
        "product.product",
        readonly=True,
        copy=False,
        index=True,
        ondelete="restrict",
    )
    lot_id = fields.Many2one(
        "stock.lot", string="Serial Number", readonly=True, copy=False, index=True, ondelete="restrict"
    )
    status = fields.Selection(
        STATUS_SELECTION,
        compute="_compute_stock_status",
        store=True,
        index=True,
        help="Computed from the stock of the artwork's serial number and from its loans.",
    )
    location_id = fields.Many2one(
        "stock.location",
        compute="_compute_stock_status",
        store=True,
        index=True,
    )
    holder_id = fields.Many2one(
        "res.partner",
        string="Owner (if not us)",
        compute="_compute_stock_status",
        store=True,
        help="Owner of a consigned or borrowed artwork.",
    )
    warehouse_id = fields.Many2one(related="location_id.warehouse_id", string="Warehouse", store=True)
    intake_state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "To Approve"), ("approved", "Approved"), ("rejected", "Rejected")],
        string="Intake",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    available_for_sale = fields.Boolean(
        compute="_compute_available_for_sale",
        store=True,
        index=True,
        help="Approved at intake and physically available in our stock.",
    )
    # provenance, loans, exhibitions, documents
    provenance_ids = fields.One2many("art.provenance.entry", "artwork_id")
    provenance_count = fields.Integer(compute="_compute_provenance_count")
    chain_intact = fields.Boolean(compute="_compute_chain_intact")
    loan_line_ids = fields.One2many("art.loan.line", "artwork_id", string="Loans")
    exhibition_line_ids = fields.One2many("art.exhibition.line", "artwork_id", string="Exhibitions")
    document_ids = fields.One2many("art.document", "artwork_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_count")
    label_count = fields.Integer(
        string="Labels Printed", compute="_compute_label_count", help="Label sheets printed with this artwork."
    )
    public_token = fields.Char(
        copy=False,
        index=True,
        readonly=True,
        groups="base.group_user",
        default=lambda self: uuid.uuid4().hex,
    )
    public_url = fields.Char(string="Public Verification Page", compute="_compute_public_url")
    can_edit_approved = fields.Boolean(
        string="Edits Approved Artworks",
        compute="_compute_can_edit_approved",
        help="The current user is a gallery manager, who keeps an approved artwork up to date.",
    )
    # money: finance and managers only
    valuation_ids = fields.One2many("art.valuation", "artwork_id", string="Valuations", groups=FINANCE)
    current_valuation = fields.Monetary(
        compute="_compute_current_valuation",
        groups=FINANCE,
        string="Latest Valuation",
        currency_field="company_currency_id",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    cost_line_ids = fields.One2many(
        "account.move.line",
        "art_artwork_id",
        string="Extra Costs",
        groups=FINANCE,
        domain=[("parent_state", "=", "posted")],
    )
    purchase_cost = fields.Monetary(
        compute="_compute_financials",
        groups=FINANCE,
        currency_field="company_currency_id",
    )
    extra_cost = fields.Monetary(
        string="Extra Costs Total",
        compute="_compute_financials",
        groups=FINANCE,
        currency_field="company_currency_id",
    )
    total_cost = fields.Monetary(compute="_compute_financials", groups=FINANCE, currency_field="company_currency_id")
    sale_price = fields.Monetary(compute="_compute_financials", groups=FINANCE, currency_field="company_currency_id")
    margin = fields.Monetary(compute="_compute_financials", groups=FINANCE, currency_field="company_currency_id")
    roi = fields.Float(string="ROI (%)", compute="_compute_financials", groups=FINANCE)

    _inventory_number_uniq = models.Constraint(
        "UNIQUE(inventory_number, company_id)",
        "The inventory number must be unique per company.",
    )
    _lot_uniq = models.Constraint("UNIQUE(lot_id)", "A serial number belongs to one artwork only.")
    _product_uniq = models.Constraint("UNIQUE(product_id)", "A product backs one artwork only.")

    # ------------------------------------------------------------------ computes
    @api.depends("height", "width", "depth", "dimension_unit", "framed_height", "framed_width", "framed_depth")
    def _compute_dimensions_display(self):
        def fmt(values, unit):
            values = [f"{v:g}" for v in values if v]
            return " × ".join(values) + f" {unit}" if values else ""

        for art in self:
            text = fmt([art.height, art.width, art.depth], art.dimension_unit)
            framed = fmt([art.framed_height, art.framed_width, art.framed_depth], art.dimension_unit)
            if framed:
                text = self.env._("%(unframed)s (framed %(framed)s)", unframed=text or "-", framed=framed)
            art.dimensions_display = text

    @api.depends("edition_type", "edition_number", "edition_size")
    def _compute_edition_display(self):
        for art in self:
            if art.edition_type == "numbered" and art.edition_size:
                art.edition_display = f"{art.edition_number or '?'}/{art.edition_size}"
            elif art.edition_type == "ap":
                art.edition_display = f"AP {art.edition_number or ''}".strip()
            elif art.edition_type == "hc":
                art.edition_display = f"HC {art.edition_number or ''}".strip()
            else:
                art.edition_display = self.env._("Unique")

    @api.depends(
        "lot_id",
        "lot_id.quant_ids.quantity",
        "lot_id.quant_ids.reserved_quantity",
        "lot_id.quant_ids.location_id",
        "lot_id.quant_ids.owner_id",
        "loan_line_ids.state",
    )
    def _compute_stock_status(self):
        """Status and place from the quants of the artwork's serial number and its active loans.

        One SQL statement for the whole batch: this runs for the whole inventory.
        """
        rows = self._fetch_stock_status()
        for art in self:
            status, location_id, holder_id = rows.get(art.id, (False, False, False))
            art.status = status
            art.location_id = location_id
            art.holder_id = holder_id

    def _stock_status_sql(self, ids=None):
        """The query behind ``status``: one row (artwork id, status, location id, holder id) per artwork,
        for all artworks when ``ids`` is None.

        The quant that stands for the artwork is chosen in the query: a serial normally has one positive
        quant; when it has several (a rare transient state) an internal quant wins over a customer one,
        then the newest (``DISTINCT ON`` over the quants, sorted by lot). Active loans are joined by
        artwork. The move history is only read for an artwork without any quant (delivered, quant
        cleaned up).
        """
        arts = SQL("TRUE") if ids is None else SQL("a.id = ANY(%s)", list(ids))
        lots = SQL("TRUE") if ids is None else SQL("sq.lot_id IN (SELECT a.lot_id FROM art_artwork a WHERE %s)", arts)
        loans = SQL("TRUE") if ids is None else SQL("ll.artwork_id = ANY(%s)", list(ids))
        return SQL(
            """
            SELECT a.id,
                   CASE
                     WHEN q.usage = 'customer' THEN 'sold'
                     WHEN q.usage IS NOT NULL THEN
                       CASE
                         WHEN q.art_location_kind = 'restoration' THEN 'in_restoration'
                         WHEN q.art_location_kind = 'loan_out' OR lo.loan_type = 'out' THEN 'on_loan_out'
                         WHEN q.art_location_kind = 'consign_out' THEN 'consigned_out'
                         WHEN lo.loan_type = 'in' THEN 'borrowed_in'
                         WHEN q.owner_id <> c.partner_id THEN 'consigned_in'
                         WHEN q.reserved_quantity > 0 THEN 'reserved'
                         ELSE 'in_stock'
                       END
                     -- a scalar subquery, run for the rare artwork without a quant only (an EXISTS
                     -- here would be planned as a hash of every delivered move line)
                     WHEN (SELECT TRUE FROM stock_move_line ml
                             JOIN stock_location dl ON dl.id = ml.location_dest_id
                            WHERE ml.lot_id = a.lot_id AND ml.state = 'done' AND dl.usage = 'customer'
                            LIMIT 1)
                       THEN 'sold'
                   END AS status,
                   q.location_id,
                   CASE WHEN q.owner_id <> c.partner_id THEN q.owner_id END AS holder_id
              FROM art_artwork a
              JOIN res_company c ON c.id = a.company_id
         LEFT JOIN (SELECT DISTINCT ON (sq.lot_id)
                           sq.lot_id, sq.location_id, sq.owner_id, sq.reserved_quantity, sl.usage, sl.art_location_kind
                      FROM stock_quant sq
                      JOIN stock_location sl
                        ON sl.id = sq.location_id AND sl.usage IN ('internal', 'transit', 'customer')
                     WHERE sq.quantity > 0 AND sq.lot_id IS NOT NULL AND %(lots)s
                  ORDER BY sq.lot_id, sl.usage = 'customer', sq.id DESC) q
                ON q.lot_id = a.lot_id
         LEFT JOIN (SELECT ll.artwork_id, MIN(l.loan_type) AS loan_type
                      FROM art_loan_line ll
                      JOIN art_loan l ON l.id = ll.loan_id
                     WHERE l.state = 'active' AND %(loans)s
                  GROUP BY ll.artwork_id) lo
                ON lo.artwork_id = a.id
             WHERE %(arts)s
            """,
            arts=arts,
            lots=lots,
            loans=loans,
        )

    def _flush_stock_status_inputs(self):
        self.env["stock.quant"].flush_model(["lot_id", "quantity", "reserved_quantity", "location_id", "owner_id"])
        self.env["stock.location"].flush_model(["usage", "art_location_kind", "warehouse_id"])
        self.env["stock.move.line"].flush_model(["lot_id", "state", "location_dest_id"])
        self.env["art.loan"].flush_model(["state", "loan_type"])
        self.env["art.loan.line"].flush_model(["artwork_id", "loan_id"])
        # only the columns the query reads: flushing the whole model here would recompute fields that
        # depend on the status being computed
        self.env["art.artwork"].flush_model(["lot_id", "company_id", "active", "intake_state"])

    def _fetch_stock_status(self, everything=False):
        """{artwork id: (status, location id, holder id)} for these artworks (all of them if ``everything``)."""
        ids = None if everything else [i for i in self.ids if isinstance(i, int)]
        if ids is not None and not ids:
            return {}
        self._flush_stock_status_inputs()
        with jit_off(self.env.cr, active=everything):
            self.env.cr.execute(self._stock_status_sql(ids))
            rows = self.env.cr.fetchall()
        return {art_id: (status, location_id, holder_id) for art_id, status, location_id, holder_id in rows}

    def _refresh_stock_status(self, everything=False):
        """Store status, place and holder of these artworks (of all if ``everything``) with one UPDATE ... FROM.

        The same query as the compute, written back by PostgreSQL for the rows whose values changed,
        together with the stored fields that follow from them (warehouse, available for sale). The ORM
        caches are then told what changed. This is the path for a whole inventory (the daily job, a
        mass stock import); the compute covers the everyday change of a few artworks.
        """
        ids = None if everything else [i for i in self.ids if isinstance(i, int)]
        if ids is not None and not ids:
            return self.browse()
        self._flush_stock_status_inputs()
        with jit_off(self.env.cr, active=everything):
            self.env.cr.execute(
                SQL(
                    """
                UPDATE art_artwork a
                   SET status = s.status, location_id = s.location_id, holder_id = s.holder_id,
                       warehouse_id = s.warehouse_id, available_for_sale = s.available_for_sale
                  FROM (SELECT st.id, st.status, st.location_id, st.holder_id, wl.warehouse_id,
                               COALESCE(x.active AND x.intake_state = 'approved'
                                        AND st.status IN ('in_stock', 'consigned_in'), FALSE) AS available_for_sale
                          FROM (%(status)s) st
                          JOIN art_artwork x ON x.id = st.id
                     LEFT JOIN stock_location wl ON wl.id = st.location_id) s
                 WHERE a.id = s.id
                   AND (a.status, a.location_id, a.holder_id, a.warehouse_id, a.available_for_sale)
                       IS DISTINCT FROM (s.status, s.location_id, s.holder_id, s.warehouse_id, s.available_for_sale)
             RETURNING a.id
                """,
                    status=self._stock_status_sql(ids),
                )
            )
            changed = self.browse([row[0] for row in self.env.cr.fetchall()])
        fnames = ["status", "location_id", "holder_id", "warehouse_id", "available_for_sale"]
        if changed:
            changed.invalidate_recordset(fnames)
            changed.modified(fnames)
        # written above: nothing left for the ORM to recompute on these
        done = changed if everything else self.browse(ids)
        for fname in fnames:
            self.env.remove_to_compute(self._fields[fname], done)
        return changed

    @api.model
    def _cron_refresh_stock_status(self):
        """Daily safety net: the status of the whole inventory from its stock, in one statement."""
        self._refresh_stock_status(everything=True)

    @api.depends("intake_state", "status", "active")
    def _compute_available_for_sale(self):
        for art in self:
            art.available_for_sale = bool(
                art.active and art.intake_state == "approved" and art.status in ("in_stock", "consigned_in")
            )

    def _compute_provenance_count(self):
        counts = dict(
            self.env["art.provenance.entry"]._read_group([("artwork_id", "in", self.ids)], ["artwork_id"], ["__count"])
        )
        for art in self:
            art.provenance_count = counts.get(art, 0)

    def _compute_document_count(self):
        counts = dict(
            self.env["art.document"]._read_group([("artwork_id", "in", self.ids)], ["artwork_id"], ["__count"])
        )
        for art in self:
            art.document_count = counts.get(art, 0)

    def _compute_label_count(self):
        # a count only: read past the label sheets' access rules (finance may not open the sheets)
        sheets = self.env["art.label.sheet"].sudo()
        counts = dict(sheets._read_group([("artwork_ids", "in", self.ids)], ["artwork_ids"], ["__count"]))
        for art in self:
            art.label_count = counts.get(art, 0)

    def _compute_chain_intact(self):
        broken = self.env["art.provenance.entry"]._verify_chains(self.ids)
        for art in self:
            art.chain_intact = art.id not in broken

    def _compute_can_edit_approved(self):
        self.can_edit_approved = self.env.user.has_group(MANAGER)

    def _compute_public_url(self):
        for art in self:
            base = art.get_base_url()
            token = art.sudo().public_token
            art.public_url = f"{base}/art/verify/{token}" if token else False

    @api.depends("list_price", "company_id")
    def _compute_price_band_id(self):
        # highest lower bound first, a company's own band before a shared one (as _band_sql)
        bands = self.env["art.price.band"].sudo().search([], order="amount_from desc, company_id")
        for art in self:
            companies = (art.company_id, art.company_id.browse())
            art.price_band_id = next(
                (b for b in bands if b.company_id in companies and b.amount_from <= art.list_price), bands.browse()
            )

    @api.depends("valuation_ids.amount_company", "valuation_ids.date")
    def _compute_current_valuation(self):
        for art in self:
            latest = art.valuation_ids.sorted(lambda v: (v.date, v.id))[-1:]
            art.current_valuation = latest.amount_company

    def _compute_financials(self):
        figures = self.env["art.margin.report"]._figures(self.ids)
        for art in self:
            purchase, extra, sale = figures.get(art.id, (0.0, 0.0, 0.0))
            art.purchase_cost = purchase
            art.extra_cost = extra
            art.total_cost = purchase + extra
            art.sale_price = sale
            art.margin = sale - (purchase + extra) if sale else 0.0
            art.roi = (art.margin / art.total_cost * 100.0) if sale and art.total_cost else 0.0

    # ------------------------------------------------------------------ constraints
    @api.constrains("year", "year_end")
    def _check_year(self):
        this_year = fields.Date.context_today(self).year
        for art in self:
            if art.year and art.year > this_year or art.year_end and art.year_end > this_year:
                raise ValidationError(
                    self.env._(
                        "The year of %(title)s lies in the future (%(year)s).",
                        title=art.name,
                        year=max(art.year, art.year_end),
                    )
                )
            if art.year and art.year_end and art.year_end < art.year:
                raise ValidationError(self.env._("The end year of %(title)s is before its start year.", title=art.name))

    @api.constrains("height", "width", "depth", "framed_height", "framed_width", "framed_depth", "weight")
    def _check_dimensions(self):
        names = ("height", "width", "depth", "framed_height", "framed_width", "framed_depth", "weight")
        for art in self:
            negative = [self._fields[name].get_description(self.env)["string"] for name in names if art[name] < 0]
            if negative:
                raise ValidationError(
                    self.env._(
                        "%(title)s: dimensions and weight cannot be negative (%(fields)s).",
                        title=art.name,
                        fields=", ".join(negative),
                    )
                )

    @api.constrains("edition_type", "edition_number", "edition_size")
    def _check_edition(self):
        for art in self:
            if art.edition_number < 0 or art.edition_size < 0:
                raise ValidationError(self.env._("Edition numbers cannot be negative."))
            if art.edition_type == "numbered" and art.edition_size and art.edition_number > art.edition_size:
                raise ValidationError(
                    self.env._(
                        "Edition %(number)s/%(size)s of %(title)s is impossible: the number exceeds the edition size.",
                        number=art.edition_number,
                        size=art.edition_size,
                        title=art.name,
                    )
                )

    @api.constrains("artist_id")
    def _check_artist(self):
        for art in self:
            if art.artist_id and not art.artist_id.is_artist:
                raise ValidationError(
                    self.env._("%(partner)s is not flagged as an artist.", partner=art.artist_id.display_name)
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if not vals.get("inventory_number") or vals["inventory_number"] == new_label:
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["inventory_number"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("art.artwork") or new_label
                )
        self._check_inventory_numbers_free(vals_list)
        artworks = super().create(vals_list)
        # a company's first artwork: the gallery's set-up (FIFO costing, restoration studio) first
        artworks.company_id.sudo()._art_setup_gallery()
        artworks._create_product_and_lot()
        artworks._add_creation_entry()
        return artworks

    def _check_inventory_numbers_free(self, vals_list):
        """A clear message instead of the database's for a duplicate inventory number."""
        for vals in vals_list:
            company_id = vals.get("company_id") or self.env.company.id
            domain = Domain("inventory_number", "=", vals["inventory_number"]) & Domain("company_id", "=", company_id)
            if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "The inventory number %(number)s is already used by another artwork.",
                        number=vals["inventory_number"],
                    )
                )

    def write(self, vals):
        approved = self.filtered(lambda a: a.intake_state == "approved")
        if approved and not self.env.su:
            approved._check_can_edit_approved(vals)
        # the values before the change of the fields that send an approved artwork back to approval
        before = {}
        if "intake_state" not in vals:
            for art in approved:
                names = set(art.company_id.sudo().art_reapproval_field_ids.mapped("name")).intersection(vals)
                if names:
                    before[art.id] = {name: art[name] for name in names}
        if "inventory_number" in vals:
            for art in self:
                self._check_inventory_numbers_free(
                    [{**vals, "company_id": art.company_id.id}]
                ) if art.inventory_number != vals["inventory_number"] else None
        res = super().write(vals)
        sync = {}
        if "name" in vals:
            sync["name"] = vals["name"]
        if "list_price" in vals:
            sync["list_price"] = vals["list_price"]
        if "inventory_number" in vals:
            sync["default_code"] = vals["inventory_number"]
        if sync and self.product_id:
            self.product_id.sudo().write(sync)
        if before:
            changed = {
                art: [name for name, value in before[art.id].items() if art[name] != value]
                for art in self.browse(list(before))
            }
            for art, names in changed.items():
                if names:
                    art._send_back_to_intake_approval(names)
        return res

    def _art_fields_free_after_approval(self):
        """What anyone allowed to write an artwork may still change once it is approved: followers,
        messages and activities (mail's own bookkeeping)."""
        return {
            name
            for name in self._fields
            if name.startswith(("message_", "activity_", "website_message_")) or name in ("access_token",)
        }

    def _check_can_edit_approved(self, vals):
        """An approved artwork is kept up to date by the gallery's managers only."""
        if self.env.user.has_group(MANAGER):
            return
        locked = set(vals) - self._art_fields_free_after_approval()
        if locked:
            names = [self._fields[name].get_description(self.env)["string"] for name in sorted(locked)]
            raise UserError(
                self.env._(
                    "%(title)s is approved: only a gallery manager can change it (%(fields)s).",
                    title=self[0].name,
                    fields=", ".join(names),
                )
            )

    def _art_check_images_editable(self):
        """The images of an approved artwork are part of it: its managers change them, as its fields."""
        approved = self.filtered(lambda a: a.intake_state == "approved")
        if approved and not self.env.su:
            approved._check_can_edit_approved({"image_ids": True})

    def _send_back_to_intake_approval(self, field_names):
        """A change the company wants approved (``art_reapproval_field_ids``) reopens the intake approval:
        the reviews of the previous approval are dropped and new ones requested. Without an approval
        rule for the artwork there is nobody to ask: it stays approved."""
        self.ensure_one()
        tiers = self.env["tier.definition"].search(
            [("model", "=", self._name), ("company_id", "in", [False, self.company_id.id])]
        )
        if not any(self.evaluate_tier(tier) for tier in tiers):
            return
        labels = [self._fields[name].get_description(self.env)["string"] for name in field_names]
        # "draft" first: base_tier_validation drops the reviews of a record that goes back to its start state
        self.with_context(skip_validation_check=True).write({"intake_state": "draft"})
        self.write({"intake_state": "to_approve"})
        self.invalidate_recordset(["need_validation"])
        self.request_validation()
        self.message_post(
            body=self.env._(
                "Changed after its approval (%(fields)s): the intake is to be approved again before it is "
                "offered or sold.",
                fields=", ".join(labels),
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        for art in self:
            if art.provenance_ids.filtered("verified") or art.status:
                raise UserError(
                    self.env._(
                        "%(title)s has stock or verified history; archive it instead of deleting it.", title=art.name
                    )
                )

    def _product_category(self):
        return self.env.ref("artwork_provenance.product_category_artwork", raise_if_not_found=False)

    def _prepare_product_vals(self):
        self.ensure_one()
        category = self._product_category()
        vals = {
            "name": self.name,
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
            "default_code": self.inventory_number,
            "list_price": self.list_price,
            "sale_ok": True,
            "purchase_ok": True,
            "company_id": self.company_id.id,
            "invoice_policy": "order",
        }
        if category:
            vals["categ_id"] = category.id
        return vals

    def _create_product_and_lot(self):
        """Each artwork is backed by its own product, tracked by serial, with exactly one serial."""
        products = self.env["product.product"].sudo().create([art._prepare_product_vals() for art in self])
        lots = (
            self.env["stock.lot"]
            .sudo()
            .create(
                [
                    {"name": art.inventory_number, "product_id": product.id, "company_id": art.company_id.id}
                    for art, product in zip(self, products, strict=True)
                ]
            )
        )
        for art, product, lot in zip(self, products, lots, strict=True):
            # direct assignment: these readonly fields are set once, here
            art.sudo().write({"product_id": product.id, "lot_id": lot.id})

    def _add_creation_entry(self):
        Entry = self.env["art.provenance.entry"].sudo()
        vals_list = []
        for art in self:
            if art.year:
                vals_list.append(
                    {
                        "artwork_id": art.id,
                        "event_type": "created",
                        "date": fields.Date.to_date(f"{art.year}-01-01"),
                        "owner_id": art.artist_id.id,
                        "description": self.env._("Created by the artist"),
                        "date_precision": "year",
                    }
                )
        if vals_list:
            Entry.create(vals_list)

    # ------------------------------------------------------------------ intake approval
    def restart_validation(self):
        tier_check_restart(self)
        return super().restart_validation()

    def _get_to_validate_message(self):
        return tier_to_validate_message(self)

    def _notify_created_review_body(self):
        return tier_message_body(self, "created")

    def _notify_requested_review_body(self, tier_reviews=None):
        return tier_message_body(self, "requested", tier_reviews)

    def _notify_restarted_review_body(self):
        return tier_message_body(self, "restarted")

    def _notify_rejected_review_body(self):
        return tier_message_body(self, "rejected")

    def _compute_next_review(self):
        for art in self:
            art.next_review = tier_next_review(art)

    def _add_tier_validation_buttons(self, node, params):
        return tier_validation_buttons(
            self, super()._add_tier_validation_buttons(node, params), "intake_state in ('draft', 'rejected')"
        )

    def _get_tier_validation_readonly_domain(self):
        """The form is read-only while the intake is under review, and once approved for all but the
        gallery managers (``write`` refuses the others the same)."""
        return (
            "(intake_state == 'approved' and not can_edit_approved)"
            " or (intake_state != 'approved' and validation_status not in ('no', False))"
        )

    def action_submit_intake(self):
        for art in self:
            if art.intake_state not in ("draft", "rejected"):
                raise UserError(self.env._("%(title)s is already submitted.", title=art.name))
        self.filtered(lambda a: a.intake_state == "rejected").write({"intake_state": "draft"})
        self.write({"intake_state": "to_approve"})
        for art in self:
            if art.need_validation:
                art.request_validation()
            else:
                art._approve_intake()
        return True

    def _approve_intake(self):
        # need_validation has no dependencies: drop the value cached before the reviews existed
        self.invalidate_recordset(["need_validation"])
        self.with_context(skip_validation_check=True).write({"intake_state": "approved"})
        self._on_intake_approved()

    def validate_tier(self):
        res = super().validate_tier()
        for art in self:
            if art.intake_state == "to_approve" and art.validation_status == "validated":
                art._approve_intake()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers=tiers)
        for art in self:
            if art.intake_state == "to_approve":
                art.message_post(body=self.env._("Intake rejected."))
                art.with_context(skip_validation_check=True).write({"intake_state": "rejected"})
        return res

    def action_reset_to_draft(self):
        self.write({"intake_state": "draft"})

    def _on_intake_approved(self):
        """Called once the intake of the artworks is approved: tell the sales team.

        Other addons (collector_crm) extend it, e.g. to match the artwork with collectors.
        """
        sales_group = self.env.ref("artwork_provenance.group_art_sales", raise_if_not_found=False)
        partners = sales_group.sudo().all_user_ids.partner_id if sales_group else self.env["res.partner"]
        for art in self:
            art.message_post(
                body=self.env._("Intake of %(title)s approved: it can now be offered to clients.", title=art.name),
                partner_ids=partners.ids,
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
            )

    # ------------------------------------------------------------------ actions
    def action_view_provenance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("artwork_provenance.art_provenance_entry_action")
        action["domain"] = [("artwork_id", "=", self.id)]
        action["context"] = {"default_artwork_id": self.id}
        return action

    def action_add_provenance(self):
        """A dialog to append an event to the provenance chain: the entry is created through the chain's
        own ``create`` (next position, hash linked to the last entry), with the rights of the user."""
        self.ensure_one()
        self.env["art.provenance.entry"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add a Provenance Event"),
            "res_model": "art.provenance.entry",
            "view_mode": "form",
            "views": [(self.env.ref("artwork_provenance.art_provenance_entry_view_form_add").id, "form")],
            "target": "new",
            "context": {"default_artwork_id": self.id, "default_event_type": "acquired"},
        }

    def action_view_moves(self):
        """Who moved it, when, from where to where: the done stock moves of its serial number."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.stock_move_line_action")
        action["domain"] = [("lot_id", "=", self.lot_id.id)]
        action["context"] = {"search_default_done": 1, "create": 0}
        return action

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("artwork_provenance.art_document_action")
        action["domain"] = [("artwork_id", "=", self.id)]
        action["context"] = {"default_artwork_id": self.id}
        return action

    def action_verify_chain(self):
        self.ensure_one()
        broken = self.env["art.provenance.entry"]._verify_chains(self.ids)
        if self.id in broken:
            raise UserError(
                self.env._(
                    "The provenance chain of %(title)s has been altered: entry %(entry)s does not match its hash.",
                    title=self.name,
                    entry=broken[self.id],
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The provenance chain of %(title)s is intact.", title=self.name),
            },
        }

    def _qr_src(self):
        """QR code of the public verification page as an inline PNG (wkhtmltopdf fetches nothing)."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode("QR", self.public_url, width=240, height=240)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    def action_print_labels(self):
        """Open the label sheet dialog for these artworks."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Print Labels"),
            "res_model": "art.label.sheet",
            "view_mode": "form",
            "views": [(self.env.ref("artwork_provenance.art_label_sheet_view_form_dialog").id, "form")],
            "target": "new",
            "context": {"default_artwork_ids": [(6, 0, self.ids)]},
        }

    def _print_label_sheet(self):
        """Print the labels of these artworks at once: one sheet record, one PDF, several labels per page."""
        sheet = self.env["art.label.sheet"].create({"artwork_ids": [(6, 0, self.ids)]})
        return sheet.action_print()

    def _art_valued_receipt_move(self):
        """The done move that received this artwork from a vendor into our own (valued) stock, latest first."""
        self.ensure_one()
        if not self.lot_id:
            return self.env["stock.move"]
        lines = self.env["stock.move.line"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("state", "=", "done"),
                ("location_id.usage", "=", "supplier"),
                ("picking_id", "!=", False),
                ("owner_id", "in", [False, self.company_id.partner_id.id]),
            ],
            order="date desc, id desc",
            limit=1,
        )
        return lines.move_id

    # ------------------------------------------------------------------ public page
    def _public_owner_name(self, partner):
        """An owner's name appears publicly only for the artist, the gallery or an owner who allowed it."""
        self.ensure_one()
        if not partner:
            return ""
        if partner == self.artist_id or partner == self.company_id.partner_id or partner.art_public_name:
            return partner.name
        return self.env._("Private collection")

    def _public_verification_values(self):
        """What the public verification page shows: no prices, no private owners."""
        self.ensure_one()
        events = dict(self.env["art.provenance.entry"]._fields["event_type"]._description_selection(self.env))
        artist = self.artist_id
        years = ""
        if artist.artist_birth_year:
            years = f"{artist.artist_birth_year}–{artist.artist_death_year or ''}"
        entries = [
            {
                "sequence": entry.sequence,
                "date": entry.date,
                "date_end": entry.date_end,
                "precision": entry.date_precision,
                "event": events.get(entry.event_type, ""),
                "owner": self._public_owner_name(entry.owner_id),
                "place": entry.place or "",
                "verified": entry.verified,
                # a correction names the entry it corrects, and the corrected entry its corrections
                "corrects": entry.corrected_entry_id.sequence or False,
                "corrected_by": ", ".join(
                    f"#{seq}" for seq in entry.correction_ids.sorted("sequence").mapped("sequence")
                ),
            }
            for entry in self.provenance_ids.sorted("sequence")
        ]
        return {
            "artwork": self,
            "title": self.name,
            "artist": artist.name or "",
            "artist_years": years,
            "year": self.year,
            "year_end": self.year_end,
            "medium": ", ".join(p for p in (self.medium_id.name, self.support) if p),
            "dimensions": self.dimensions_display,
            "edition": self.edition_display,
            "inventory_number": self.inventory_number,
            "image": self.image_512 and "data:image/png;base64," + self.image_512.decode(),
            "gallery": self.company_id.name,
            "entries": entries,
            "intact": self.chain_intact,
            "archived": not self.active,
        }

    # ------------------------------------------------------------------ business
    def _check_can_be_sold(self):
        for art in self:
            if art.status in NOT_FOR_SALE_STATUSES:
                raise UserError(
                    self.env._(
                        "%(title)s cannot be sold: it is %(status)s.",
                        title=art.name,
                        status=dict(self._fields["status"]._description_selection(self.env))[art.status],
                    )
                )
            if art.intake_state != "approved":
                raise UserError(self.env._("%(title)s cannot be sold before its intake is approved.", title=art.name))
