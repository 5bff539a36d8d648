import base64
import csv
import io
from datetime import date, datetime

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.crm_lead import normalize_phone

COLUMNS = {
    "name": ("name", "contact", "customer", "姓名", "客户", "客户姓名", "昵称", "联系人"),
    "phone": ("phone", "mobile", "tel", "电话", "手机", "手机号", "联系电话", "手机号码"),
    "shoot_type": ("shoot type", "type", "类型", "拍摄类型", "意向类型"),
    "event_date": ("date", "wedding date", "婚期", "宝宝生日", "日期", "拍摄日期"),
    "budget": ("budget", "预算"),
    "note": ("note", "comment", "message", "备注", "留言", "咨询内容"),
    "ref": ("id", "ref", "lead id", "线索id", "线索编号", "订单号"),
    "city": ("city", "城市"),
}
SHOOT_TYPE_WORDS = (
    ("wedding", ("wedding", "婚纱", "婚礼", "婚")),
    ("baby", ("baby", "child", "宝宝", "儿童", "新生儿", "满月", "百天")),
    ("family", ("family", "全家福", "家庭", "亲子")),
    ("maternity", ("maternity", "孕妇", "孕")),
    ("portrait", ("portrait", "写真", "形象照", "证件照", "个人")),
)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%d/%m/%Y")


class StudioLeadImport(models.TransientModel):
    _name = "studio.lead.import"
    _description = "Import a Channel's Lead Export"

    file = fields.Binary(string="File (CSV or XLSX)", required=True)
    filename = fields.Char()
    source_id = fields.Many2one("utm.source", string="Channel", required=True)
    team_id = fields.Many2one("crm.team", string="Sales Team")
    company_id = fields.Many2one("res.company", string="Store", default=lambda self: self.env.company)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True)
    created_count = fields.Integer(string="Leads Created", readonly=True)
    duplicate_count = fields.Integer(string="Duplicates Skipped", readonly=True)
    error_count = fields.Integer(string="Rows Skipped", readonly=True)
    result = fields.Text(string="Details", readonly=True)
    lead_ids = fields.Many2many("crm.lead", string="Created Leads", readonly=True)

    # ------------------------------------------------------------------
    def _read_rows(self):
        """The file as a list of dicts keyed by our column names."""
        raw = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith((".xlsx", ".xlsm")) or raw[:2] == b"PK":
            table = self._read_xlsx(raw)
        else:
            table = self._read_csv(raw)
        if not table:
            raise UserError(self.env._("The file is empty."))
        header = [str(cell or "").strip().lower() for cell in table[0]]
        mapping = {}
        for key, names in COLUMNS.items():
            for index, title in enumerate(header):
                if title in names:
                    mapping[key] = index
                    break
        if "phone" not in mapping:
            raise UserError(
                self.env._(
                    "No phone column found. The first row must name the columns, "
                    "for example 姓名, 手机, 拍摄类型, 婚期, 预算, 备注."
                )
            )
        rows = []
        for number, row in enumerate(table[1:], start=2):
            if not any(str(cell or "").strip() for cell in row):
                continue
            values = {key: row[index] if index < len(row) else None for key, index in mapping.items()}
            values["row"] = number
            rows.append(values)
        return rows

    def _read_xlsx(self, raw):
        try:
            import openpyxl
        except ImportError as error:  # pragma: no cover - openpyxl ships with Odoo
            raise UserError(self.env._("Reading XLSX files needs openpyxl.")) from error
        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as error:
            raise UserError(self.env._("This file cannot be read as an XLSX workbook.")) from error
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def _read_csv(self, raw):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(self.env._("The CSV file must be UTF-8 or GBK encoded."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect))

    @staticmethod
    def _parse_shoot_type(value):
        text = str(value or "").strip().lower()
        for code, words in SHOOT_TYPE_WORDS:
            if any(word in text for word in words):
                return code
        return False

    @staticmethod
    def _parse_date(value):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value or "").strip()
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        return False

    @staticmethod
    def _parse_amount(value):
        if isinstance(value, (int, float)):
            return float(value)
        text = str(value or "").replace(",", "").replace("¥", "").replace("元", "").strip()
        try:
            return float(text)
        except ValueError:
            return 0.0

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        keys = [normalize_phone(str(row.get("phone") or "")) for row in rows]
        known = set(
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("studio_phone_key", "in", [k for k in keys if k])])
            .mapped("studio_phone_key")
        )
        vals_list, messages = [], []
        duplicates = errors = 0
        seen = set()
        for row, key in zip(rows, keys, strict=True):
            if not key or len(key) < 7:
                errors += 1
                messages.append(self.env._("Row %(row)s: no valid phone number.", row=row["row"]))
                continue
            if key in known or key in seen:
                duplicates += 1
                messages.append(
                    self.env._(
                        "Row %(row)s: phone %(phone)s is already known, skipped.",
                        row=row["row"],
                        phone=key,
                    )
                )
                continue
            seen.add(key)
            contact = str(row.get("name") or "").strip() or key
            shoot_type = self._parse_shoot_type(row.get("shoot_type"))
            vals_list.append(
                {
                    "name": self.env._(
                        "%(channel)s: %(contact)s",
                        channel=self.source_id.name,
                        contact=contact,
                    ),
                    "contact_name": contact,
                    "phone": str(row.get("phone")).strip(),
                    "source_id": self.source_id.id,
                    "team_id": self.team_id.id,
                    "company_id": self.company_id.id,
                    "type": "lead",
                    "studio_shoot_type": shoot_type,
                    "studio_event_date": self._parse_date(row.get("event_date")),
                    "studio_budget": self._parse_amount(row.get("budget")),
                    "studio_channel_ref": str(row.get("ref") or "").strip() or False,
                    "city": str(row.get("city") or "").strip() or False,
                    "description": str(row.get("note") or "").strip() or False,
                }
            )
        if not self.team_id:
            for vals in vals_list:
                vals.pop("team_id")
        leads = self.env["crm.lead"].create(vals_list)
        self.write(
            {
                "state": "done",
                "created_count": len(leads),
                "duplicate_count": duplicates,
                "error_count": errors,
                "lead_ids": [fields.Command.set(leads.ids)],
                "result": "\n".join(messages) or False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_view_leads(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Leads"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("id", "in", self.lead_ids.ids)],
        }
