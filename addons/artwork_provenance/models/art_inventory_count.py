import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain

TOKEN_RE = re.compile(r"/art/verify/([0-9a-f]{32})")


class ArtInventoryCount(models.Model):
    _name = "art.inventory.count"
    _description = "Artwork Inventory Count"
    _inherit = ["mail.thread", "barcodes.barcode_events_mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("Count %(date)s", date=fields.Date.today()))
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    location_id = fields.Many2one(
        "stock.location",
        string="Counted Location",
        required=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        help="The room, rack or warehouse being counted (with its sub-locations).",
    )
    user_id = fields.Many2one("res.users", string="Counted By", default=lambda self: self.env.user)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    state = fields.Selection(
        [("draft", "Scanning"), ("counted", "Counted"), ("done", "Recorded"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
    )
    scan_input = fields.Char(string="Scan", help="Scan a label (or type its inventory number) and press Enter.")
    line_ids = fields.One2many("art.inventory.count.line", "count_id", string="Lines")
    unknown_codes = fields.Text(help="Scanned codes that match no artwork.")
    found_count = fields.Integer(compute="_compute_counts")
    missing_count = fields.Integer(compute="_compute_counts")
    misplaced_count = fields.Integer(compute="_compute_counts")
    quant_ids = fields.Many2many("stock.quant", string="Inventory Adjustment Lines", readonly=True, copy=False)

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for count in self:
            results = count.line_ids.mapped("result")
            count.found_count = results.count("found")
            count.missing_count = results.count("missing")
            count.misplaced_count = results.count("misplaced")

    # ------------------------------------------------------------------ scanning
    def _find_artwork(self, code):
        code = (code or "").strip()
        if not code:
            return self.env["art.artwork"]
        Artwork = self.env["art.artwork"].sudo()
        match = TOKEN_RE.search(code)
        if match:
            domain = Domain("public_token", "=", match.group(1))
        else:
            domain = Domain("inventory_number", "=", code) | Domain("lot_id.name", "=", code)
        domain &= Domain("company_id", "=", self.company_id.id or self.env.company.id)
        return self.env["art.artwork"].browse(Artwork.search(domain, limit=1).ids)

    def _scan(self, code):
        """Add the scanned artwork to the count (once), noting whether it was expected here."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This count is closed; start a new one to scan again."))
        artwork = self._find_artwork(code)
        if not artwork:
            self.unknown_codes = "\n".join(filter(None, [self.unknown_codes, code.strip()]))
            return {
                "warning": {
                    "title": self.env._("Unknown label"),
                    "message": self.env._("No artwork matches %(code)s.", code=code),
                }
            }
        if artwork in self.line_ids.artwork_id:
            return {
                "warning": {
                    "title": self.env._("Already scanned"),
                    "message": self.env._("%(title)s was already scanned.", title=artwork.name),
                }
            }
        expected_here = bool(artwork.location_id) and artwork.location_id._child_of(self.location_id)
        self.line_ids = [
            Command.create(
                {
                    "artwork_id": artwork.id,
                    "scanned": True,
                    "expected_location_id": artwork.location_id.id,
                    "result": "found" if expected_here else "misplaced",
                }
            )
        ]
        return None

    @api.onchange("scan_input")
    def _onchange_scan_input(self):
        if self.scan_input:
            code, self.scan_input = self.scan_input, False
            return self._scan(code)
        return None

    def on_barcode_scanned(self, barcode):
        return self._scan(barcode)

    def action_scan(self, code):
        """RPC entry for scanner apps: scan one code into a saved count."""
        self.ensure_one()
        result = self._scan(code)
        return result or True

    # ------------------------------------------------------------------ closing
    def _expected_artworks(self):
        self.ensure_one()
        return self.env["art.artwork"].search(
            [
                ("location_id", "child_of", self.location_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        )

    def action_finish(self):
        """Close the scanning: every artwork expected here but not scanned is listed as missing."""
        for count in self:
            if count.state != "draft":
                continue
            missing = count._expected_artworks() - count.line_ids.artwork_id
            count.line_ids = [
                Command.create(
                    {
                        "artwork_id": art.id,
                        "scanned": False,
                        "expected_location_id": art.location_id.id,
                        "result": "missing",
                    }
                )
                for art in missing
            ]
            count.state = "counted"
        return True

    def action_record(self):
        """Write the result into Odoo's physical inventory.

        Found: counted 1 where it is. Missing: counted 0 (a manager applies it in Physical Inventory).
        Found in the wrong place: moved by an internal transfer to the counted location.
        """
        Quant = self.env["stock.quant"].sudo().with_context(inventory_mode=True)
        for count in self:
            if count.state != "counted":
                raise UserError(self.env._("Finish the scanning of %(count)s first.", count=count.name))
            quants = Quant
            for line in count.line_ids.filtered(lambda ln: ln.result in ("found", "missing")):
                art = line.artwork_id
                quant = Quant.search(
                    [
                        ("lot_id", "=", art.lot_id.id),
                        ("location_id", "=", art.location_id.id),
                        ("quantity", ">", 0),
                    ],
                    limit=1,
                )
                if quant:
                    quant.write({"inventory_quantity": 1.0 if line.result == "found" else 0.0})
                    quants |= quant
            misplaced = count.line_ids.filtered(lambda ln: ln.result == "misplaced" and ln.artwork_id.location_id)
            if misplaced:
                warehouse = count.location_id.warehouse_id or self.env["stock.warehouse"].search(
                    [("company_id", "=", count.company_id.id)], limit=1
                )
                self.env["stock.picking"]._art_transfer(
                    misplaced.artwork_id, count.location_id, warehouse.int_type_id, origin=count.name
                )
            count.quant_ids = [Command.set(quants.ids)]
            count.state = "done"
        return True

    def action_view_quants(self):
        self.ensure_one()
        return {
            "name": self.env._("Physical Inventory"),
            "type": "ir.actions.act_window",
            "res_model": "stock.quant",
            "view_mode": "list",
            "views": [(self.env.ref("stock.view_stock_quant_tree_inventory_editable").id, "list")],
            "domain": [("id", "in", self.quant_ids.ids)],
            "context": {"inventory_mode": True, "no_at_date": True},
        }

    def action_cancel(self):
        self.write({"state": "cancel"})


class ArtInventoryCountLine(models.Model):
    _name = "art.inventory.count.line"
    _description = "Artwork Inventory Count Line"
    _order = "result, id"

    count_id = fields.Many2one("art.inventory.count", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="count_id.company_id", store=True)
    artwork_id = fields.Many2one("art.artwork", required=True, index=True)
    inventory_number = fields.Char(related="artwork_id.inventory_number")
    artist_id = fields.Many2one(related="artwork_id.artist_id")
    scanned = fields.Boolean()
    expected_location_id = fields.Many2one("stock.location", string="Expected In")
    result = fields.Selection(
        [("found", "Found"), ("misplaced", "Found in Wrong Place"), ("missing", "Expected, Not Scanned")],
        required=True,
    )

    _artwork_uniq = models.Constraint("UNIQUE(count_id, artwork_id)", "An artwork is counted once per count.")
