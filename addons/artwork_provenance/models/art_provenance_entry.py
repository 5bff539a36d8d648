import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import jit_off

EVENT_TYPES = [
    ("created", "Created"),
    ("acquired", "Acquired"),
    ("sold", "Sold"),
    ("inherited", "Inherited"),
    ("consigned", "Consigned"),
    ("exhibited", "Exhibited"),
    ("published", "Published"),
    ("auctioned", "Auctioned"),
    ("restored", "Restored"),
    ("loaned", "Loaned"),
    ("correction", "Correction"),
]

# the fields a hash covers, in this order; "verified" is a mark put later, outside the content
HASHED_FIELDS = (
    "artwork_id",
    "sequence",
    "event_type",
    "date",
    "date_end",
    "date_precision",
    "owner_id",
    "place",
    "description",
    "source_document",
    "corrected_entry_id",
)
GENESIS_HASH = "0" * 64
# the verification mark: put once by action_verify(), final afterwards (and sealed, see init())
MARK_FIELDS = ("verified", "verified_by_id", "verified_date")
# what a verified entry can never change again, through the ORM (write) or in SQL (trigger)
FINAL_FIELDS = (*HASHED_FIELDS, "prev_hash", "hash", *MARK_FIELDS, "verified_seal")


class ArtProvenanceEntry(models.Model):
    _name = "art.provenance.entry"
    _description = "Provenance Entry"
    _order = "artwork_id, sequence"
    _rec_name = "display_name"

    artwork_id = fields.Many2one("art.artwork", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="artwork_id.company_id", store=True, index=True)
    sequence = fields.Integer(readonly=True, copy=False, help="Position of the entry in the chain.")
    event_type = fields.Selection(EVENT_TYPES, string="Event", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="Until")
    date_precision = fields.Selection(
        [("day", "Day"), ("month", "Month"), ("year", "Year"), ("circa", "Circa")],
        default="day",
        required=True,
    )
    owner_id = fields.Many2one("res.partner", string="Owner / Holder", index=True)
    place = fields.Char(translate=False)
    description = fields.Text()
    source_document = fields.Char(help="Reference of the document that proves the entry (invoice, catalogue...).")
    attachment_id = fields.Many2one("ir.attachment", string="Source File")
    verified = fields.Boolean(readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_date = fields.Datetime(readonly=True, copy=False)
    verified_seal = fields.Char(
        readonly=True,
        copy=False,
        help="SHA-256 of the entry's hash, verifier and date, written by the database when the entry "
        "is verified: a mark removed or changed afterwards breaks the chain.",
    )
    corrected_entry_id = fields.Many2one(
        "art.provenance.entry",
        string="Corrects Entry",
        index=True,
        ondelete="restrict",
        domain="[('artwork_id', '=', artwork_id)]",
    )
    correction_ids = fields.One2many("art.provenance.entry", "corrected_entry_id", string="Corrected By")
    sale_order_id = fields.Many2one("sale.order", readonly=True, index="btree_not_null")
    purchase_order_id = fields.Many2one("purchase.order", readonly=True, index="btree_not_null")
    exhibition_id = fields.Many2one("art.exhibition", readonly=True, index="btree_not_null")
    loan_id = fields.Many2one("art.loan", readonly=True, index="btree_not_null")
    prev_hash = fields.Char(string="Previous Hash", readonly=True, copy=False)
    hash = fields.Char(readonly=True, copy=False, index=True)

    _sequence_uniq = models.Constraint(
        "UNIQUE(artwork_id, sequence)",
        "Two provenance entries cannot share a position in the chain.",
    )
    _dates_check = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date)",
        "An entry cannot end before it starts.",
    )

    def init(self):
        """PostgreSQL re-hashes every row it stores: ``content_hash`` is a generated column computed
        by the database from the row's own content and previous hash with the same canonical text as
        ``_hash_payload``. An edit made behind the ORM's back (in SQL) changes ``content_hash`` but not
        ``hash``; verifying a chain compares stored columns and never re-hashes (see ``_verify_sql``).

        The function is declared IMMUTABLE (a generated column needs it): JSON writes dates in ISO 8601
        whatever the DateStyle, and the encoding is fixed, so its result depends on its arguments only.
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION art_provenance_hash(
                    prev_hash varchar, artwork_id integer, seq integer, event_type varchar, date date,
                    date_end date, date_precision varchar, owner_id integer, place varchar, description text,
                    source_document varchar, corrected_entry_id integer
                ) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT encode(sha256(convert_to(prev_hash || json_build_array(
                        artwork_id, seq, NULLIF(event_type, ''), date, date_end, NULLIF(date_precision, ''),
                        owner_id, NULLIF(place, ''), NULLIF(description, ''), NULLIF(source_document, ''),
                        corrected_entry_id
                    )::text, 'UTF8')), 'hex')
                $$
                """
            )
        )
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'content_hash'",
            [self._table],
        )
        if not cr.fetchone():
            cr.execute(
                SQL(
                    """
                    ALTER TABLE %(table)s ADD COLUMN content_hash text GENERATED ALWAYS AS (art_provenance_hash(
                        prev_hash, artwork_id, sequence, event_type, date, date_end, date_precision, owner_id,
                        place, description, source_document, corrected_entry_id
                    )) STORED
                    """,
                    table=SQL.identifier(self._table),
                )
            )
        self._init_final_guard()

    def _init_final_guard(self):
        """A verified entry is final, whoever writes and however.

        - ``art_provenance_seal()`` hashes an entry's hash with its verifier and date. ``action_verify``
          stores it in ``verified_seal`` in the same statement that puts the mark; ``mark_hash`` is the
          same seal generated by PostgreSQL from the row as it is now. A mark removed, moved to another
          verifier or re-dated in SQL leaves the two different, and ``_verify_sql`` reports the chain.
        - The trigger ``art_provenance_entry_final`` refuses any UPDATE of a verified (or sealed) row's
          content, hashes and mark, and its DELETE, for every database user and every API, as the
          ledger's trigger does in member_loyalty. Only a superuser who disables the trigger can still
          rewrite a row; the chain verification then reports it (content_hash, mark_hash).
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION art_provenance_seal(
                    hash varchar, verified_by_id integer, verified_date timestamp
                ) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT encode(sha256(convert_to(
                        hash || json_build_array(verified_by_id, verified_date)::text, 'UTF8'
                    )), 'hex')
                $$
                """
            )
        )
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'mark_hash'",
            [self._table],
        )
        if not cr.fetchone():
            cr.execute(
                SQL(
                    """
                    ALTER TABLE %(table)s ADD COLUMN mark_hash text GENERATED ALWAYS AS (
                        CASE WHEN verified THEN art_provenance_seal(hash, verified_by_id, verified_date) END
                    ) STORED
                    """,
                    table=SQL.identifier(self._table),
                )
            )
            # entries verified before the seal existed are sealed once, as they stand
            cr.execute(
                SQL(
                    "UPDATE %(table)s SET verified_seal = mark_hash WHERE verified AND verified_seal IS NULL",
                    table=SQL.identifier(self._table),
                )
            )
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION art_provenance_entry_final() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.verified IS NOT TRUE AND OLD.verified_seal IS NULL THEN
                        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                        RETURN NEW;
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RAISE EXCEPTION 'verified provenance entry %% cannot be deleted, only corrected',
                            OLD.id USING ERRCODE = 'insufficient_privilege';
                    END IF;
                    IF (NEW.artwork_id, NEW.sequence, NEW.event_type, NEW.date, NEW.date_end, NEW.date_precision,
                        NEW.owner_id, NEW.place, NEW.description, NEW.source_document, NEW.corrected_entry_id,
                        NEW.prev_hash, NEW.hash, NEW.verified, NEW.verified_by_id, NEW.verified_date,
                        NEW.verified_seal)
                       IS DISTINCT FROM
                       (OLD.artwork_id, OLD.sequence, OLD.event_type, OLD.date, OLD.date_end, OLD.date_precision,
                        OLD.owner_id, OLD.place, OLD.description, OLD.source_document, OLD.corrected_entry_id,
                        OLD.prev_hash, OLD.hash, OLD.verified, OLD.verified_by_id, OLD.verified_date,
                        OLD.verified_seal)
                    THEN
                        RAISE EXCEPTION 'verified provenance entry %% cannot be changed, only corrected',
                            OLD.id USING ERRCODE = 'insufficient_privilege';
                    END IF;
                    RETURN NEW;
                END;
                $$;
                DROP TRIGGER IF EXISTS art_provenance_entry_final ON art_provenance_entry;
                CREATE TRIGGER art_provenance_entry_final
                    BEFORE UPDATE OR DELETE ON art_provenance_entry
                    FOR EACH ROW EXECUTE FUNCTION art_provenance_entry_final();
                """
            )
        )

    @api.depends("event_type", "date", "artwork_id")
    def _compute_display_name(self):
        labels = dict(self._fields["event_type"]._description_selection(self.env))
        for entry in self:
            entry.display_name = f"#{entry.sequence} {labels.get(entry.event_type, '')} {entry.date or ''}".strip()

    # ------------------------------------------------------------------ hashing
    @api.model
    def _hash_payload(self, values, prev_hash):
        """The canonical text an entry's hash covers: the previous hash, then its content as a JSON array.

        The array is written exactly as PostgreSQL's ``json_build_array(...)::text`` writes it, so that
        the whole inventory can be verified in one SQL statement (see ``_verify_chains``).
        """
        content = []
        for name in HASHED_FIELDS:
            value = values.get(name)
            if value in (False, None, ""):
                value = None
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            content.append(value)
        return prev_hash + json.dumps(content, ensure_ascii=False)

    @api.model
    def _compute_hash(self, values, prev_hash):
        return hashlib.sha256(self._hash_payload(values, prev_hash).encode()).hexdigest()

    def _content_values(self):
        self.ensure_one()
        return {
            "artwork_id": self.artwork_id.id,
            "sequence": self.sequence,
            "event_type": self.event_type,
            "date": self.date,
            "date_end": self.date_end,
            "date_precision": self.date_precision,
            "owner_id": self.owner_id.id,
            "place": self.place,
            "description": self.description,
            "source_document": self.source_document,
            "corrected_entry_id": self.corrected_entry_id.id,
        }

    def _rehash_from(self):  # pylint: disable=missing-return
        """(Re)compute hashes of these entries and of every later entry of the same chains."""
        for artwork in self.artwork_id:
            first = min(self.filtered(lambda e, a=artwork: e.artwork_id == a).mapped("sequence"))
            chain = self.search([("artwork_id", "=", artwork.id)], order="sequence")
            prev_hash = GENESIS_HASH
            for entry in chain:
                if entry.sequence >= first:
                    new_hash = self._compute_hash(entry._content_values(), prev_hash)
                    if entry.prev_hash != prev_hash or entry.hash != new_hash:
                        super(ArtProvenanceEntry, entry).write({"prev_hash": prev_hash, "hash": new_hash})
                prev_hash = entry.hash

    @api.model
    def _verify_sql(self, artwork_ids=None):
        """One statement: the first entry of each chain whose stored hash differs from what PostgreSQL
        hashed from its content (``content_hash``), that does not link to the previous entry's hash, or
        whose verification mark differs from the seal stored when it was verified (``mark_hash``).

        Whole inventory: one ordered pass over the unique (artwork, sequence) index, no hashing. A few
        artworks: the same pass restricted to their chains.
        """
        where = SQL("TRUE") if artwork_ids is None else SQL("e.artwork_id = ANY(%s)", list(artwork_ids))
        return SQL(
            """
            SELECT c.artwork_id, MIN(c.sequence)
              FROM (
                SELECT e.artwork_id, e.sequence, e.hash, e.prev_hash, e.content_hash, e.verified_seal, e.mark_hash,
                       LAG(e.hash, 1, %(genesis)s) OVER (PARTITION BY e.artwork_id ORDER BY e.sequence)
                           AS expected_prev
                  FROM art_provenance_entry e
                 WHERE %(where)s
              ) c
             WHERE c.hash IS DISTINCT FROM c.content_hash
                OR c.prev_hash IS DISTINCT FROM c.expected_prev
                OR c.verified_seal IS DISTINCT FROM c.mark_hash
          GROUP BY c.artwork_id
            """,
            genesis=GENESIS_HASH,
            where=where,
        )

    @api.model
    def _rehash_sql(self, artwork_ids=None):
        """The same verification re-hashing every row from its columns (what ``content_hash`` spares):
        kept as the reference the benchmark compares with, and to check the generated column itself."""
        where = SQL("TRUE") if artwork_ids is None else SQL("e.artwork_id = ANY(%s)", list(artwork_ids))
        return SQL(
            """
            SELECT c.artwork_id, MIN(c.sequence)
              FROM (
                SELECT e.artwork_id, e.sequence, e.hash, e.prev_hash,
                       LAG(e.hash, 1, %(genesis)s) OVER (PARTITION BY e.artwork_id ORDER BY e.sequence)
                           AS expected_prev,
                       art_provenance_hash(e.prev_hash, e.artwork_id, e.sequence, e.event_type, e.date, e.date_end,
                                           e.date_precision, e.owner_id, e.place, e.description,
                                           e.source_document, e.corrected_entry_id) AS expected_hash,
                       e.verified_seal,
                       CASE WHEN e.verified THEN art_provenance_seal(e.hash, e.verified_by_id, e.verified_date)
                       END AS expected_seal
                  FROM art_provenance_entry e
                 WHERE %(where)s
              ) c
             WHERE c.hash IS DISTINCT FROM c.expected_hash
                OR c.prev_hash IS DISTINCT FROM c.expected_prev
                OR c.verified_seal IS DISTINCT FROM c.expected_seal
          GROUP BY c.artwork_id
            """,
            genesis=GENESIS_HASH,
            where=where,
        )

    @api.model
    def _verify_chains(self, artwork_ids=None):
        """Recompute the chains of these artworks (all when None) from the database rows.

        Returns {artwork_id: sequence of the first entry that does not match} for broken chains.
        """
        if artwork_ids is not None and not artwork_ids:
            return {}
        self.flush_model()
        with jit_off(self.env.cr, active=artwork_ids is None):
            self.env.cr.execute(self._verify_sql(artwork_ids))
            return dict(self.env.cr.fetchall())

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(set(MARK_FIELDS).union(["verified_seal"]).intersection(v) for v in vals_list):
            raise UserError(
                self.env._("A provenance entry is verified with the Verify button, not when it is created.")
            )
        next_seq = {}
        for vals in vals_list:
            if not vals.get("artwork_id"):
                # the chain position is taken here, before the ORM adds the defaults (a dialog opened on an
                # artwork sends it as a default)
                vals["artwork_id"] = self.default_get(["artwork_id"]).get("artwork_id")
            art_id = vals.get("artwork_id")
            if art_id not in next_seq:
                self.flush_model(["sequence"])
                self.env.cr.execute(
                    SQL("SELECT COALESCE(MAX(sequence), 0) FROM art_provenance_entry WHERE artwork_id = %s", art_id)
                )
                next_seq[art_id] = self.env.cr.fetchone()[0] + 1
            vals["sequence"] = next_seq[art_id]
            next_seq[art_id] += 1
        entries = super().create(vals_list)
        entries._rehash_from()
        return entries

    def write(self, vals):
        """The mark is put by ``action_verify`` only; the content of a verified entry, and of the entries
        before it (their hashes are chained into it), is final. The database refuses the same
        (``art_provenance_entry_final``); these checks answer the user in words first."""
        if not self.env.su and set(MARK_FIELDS).union(["verified_seal"]).intersection(vals):
            raise UserError(
                self.env._(
                    "The verification of a provenance entry is final: it cannot be set, changed or removed "
                    "by editing the entry."
                )
            )
        protected = set(HASHED_FIELDS) | {"prev_hash", "hash"}
        if protected.intersection(vals) or (not self.env.su and "attachment_id" in vals):
            self._check_not_final()
        res = super().write(vals)
        if protected & set(vals):
            self._rehash_from()
        return res

    def _check_not_final(self):
        """Refuse to change verified entries and the entries before a verified entry of their chain."""
        verified = self.filtered("verified")
        if verified:
            raise UserError(
                self.env._(
                    "Provenance entry %(entry)s is verified and cannot be changed; add a correction entry instead.",
                    entry=verified[0].display_name,
                )
            )
        if not self:
            return
        sealed = (
            self.sudo()
            .search([("artwork_id", "in", self.artwork_id.ids), ("verified", "=", True)], order="sequence desc")
            .grouped("artwork_id")
        )
        for entry in self:
            last_verified = sealed.get(entry.artwork_id.sudo())
            if last_verified and last_verified[0].sequence > entry.sequence:
                raise UserError(
                    self.env._(
                        "Provenance entry %(entry)s comes before the verified entry %(verified)s, whose hash seals "
                        "it; add a correction entry instead.",
                        entry=entry.display_name,
                        verified=last_verified[0].display_name,
                    )
                )

    @api.constrains("corrected_entry_id", "artwork_id")
    def _check_corrected_entry(self):
        for entry in self.filtered("corrected_entry_id"):
            corrected = entry.corrected_entry_id
            if corrected.artwork_id != entry.artwork_id or corrected.sequence >= entry.sequence:
                raise ValidationError(
                    self.env._(
                        "A correction must correct an earlier entry of the same artwork (%(entry)s does not).",
                        entry=corrected.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_verified(self):
        if self.filtered("verified"):
            raise UserError(
                self.env._("A verified provenance entry cannot be deleted; add a correction entry instead.")
            )
        later = self.search([("artwork_id", "in", self.artwork_id.ids), ("id", "not in", self.ids)])
        if later.filtered(lambda e: any(e.artwork_id == d.artwork_id and e.sequence > d.sequence for d in self)):
            raise UserError(
                self.env._("Only the last entry of a provenance chain can be deleted; add a correction entry instead.")
            )

    # ------------------------------------------------------------------ actions
    def action_verify(self):
        """Put the verification mark and its seal in one statement, once per entry (``NOT verified``: a
        second click or a concurrent one changes nothing). The mark is never written through ``write``."""
        self.check_access("write")
        to_verify = self.filtered(lambda e: not e.verified)
        if not to_verify:
            return True
        self.flush_model()
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                UPDATE art_provenance_entry
                   SET verified = TRUE, verified_by_id = %(uid)s, verified_date = %(now)s,
                       verified_seal = art_provenance_seal(hash, %(uid)s, %(now)s),
                       write_uid = %(uid)s, write_date = %(now)s
                 WHERE id = ANY(%(ids)s) AND verified IS NOT TRUE
                """,
                uid=self.env.uid,
                now=now,
                ids=to_verify.ids,
            )
        )
        to_verify.invalidate_recordset(
            ["verified", "verified_by_id", "verified_date", "verified_seal", "write_uid", "write_date"]
        )
        return True

    def action_correct(self):
        """Open a new entry that corrects this one (verified entries are never edited)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "art.provenance.entry",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_artwork_id": self.artwork_id.id,
                "default_event_type": "correction",
                "default_corrected_entry_id": self.id,
                "default_owner_id": self.owner_id.id,
                "default_place": self.place,
                "default_date": fields.Date.context_today(self),
            },
        }
