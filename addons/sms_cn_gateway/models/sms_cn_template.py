import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# ${name} in Alibaba Cloud's templates, {1} {2} ... in Tencent Cloud's
PLACEHOLDER = {
    "aliyun": re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}"),
    "tencent": re.compile(r"\{([0-9]+)\}"),
}
ODOO_PLACEHOLDER = re.compile(r"\{\{.*?\}\}", re.DOTALL)


class SmsCnTemplate(models.Model):
    _name = "sms.cn.template"
    _description = "SMS Gateway Template"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    provider = fields.Selection(
        [("aliyun", "Alibaba Cloud SMS"), ("tencent", "Tencent Cloud SMS")],
        string="Gateway",
        required=True,
        default="aliyun",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="Odoo SMS Template",
        ondelete="set null",
        help="The suite's SMS template whose text this registered template carries.",
    )
    sign_name = fields.Char("Signature", required=True, help="The registered signature, without 【】.")
    template_code = fields.Char(required=True, help="Alibaba Cloud: SMS_123456789; Tencent Cloud: the template ID.")
    content = fields.Text(
        "Template Text",
        required=True,
        help="The registered text with its variables: ${name} for Alibaba Cloud, "
        "{1}, {2}... for Tencent Cloud. An SMS whose text matches it is sent as this template.",
    )
    param_names = fields.Char("Variables", compute="_compute_param_names")

    _code_uniq = models.Constraint(
        "UNIQUE(company_id, provider, template_code)",
        "A template code is mapped once per company and gateway.",
    )

    @api.depends("content", "provider")
    def _compute_param_names(self):
        for template in self:
            template.param_names = ", ".join(template._param_names())

    @api.constrains("content", "provider")
    def _check_content(self):
        for template in self:
            names = template._param_names()
            if template.provider == "tencent" and names:
                numbers = sorted({int(name) for name in names})
                if numbers != list(range(1, len(numbers) + 1)):
                    raise ValidationError(
                        self.env._(
                            "The variables of a Tencent Cloud template are numbered %(first)s, "
                            "%(second)s, ... without gaps (template %(code)s).",
                            first="{1}",
                            second="{2}",
                            code=template.template_code,
                        )
                    )
            if re.search(r"\$\{|\{\{", template.content or "") and not names:
                raise ValidationError(
                    self.env._(
                        "The template text %(code)s holds a variable the gateway does not know: "
                        "write %(aliyun)s for Alibaba Cloud and %(tencent)s for Tencent Cloud.",
                        code=template.template_code,
                        aliyun="${name}",
                        tencent="{1}",
                    )
                )

    @api.onchange("sms_template_id", "provider")
    def _onchange_sms_template_id(self):
        """Propose the registered text from the Odoo template: each {{ ... }} becomes a variable."""
        if not self.sms_template_id or (self.content and self._param_names()):
            return
        counter = iter(range(1, 100))
        if self.provider == "tencent":
            self.content = ODOO_PLACEHOLDER.sub(lambda _m: "{%s}" % next(counter), self.sms_template_id.body or "")
        else:
            self.content = ODOO_PLACEHOLDER.sub(lambda _m: "${p%s}" % next(counter), self.sms_template_id.body or "")
        if not self.name:
            self.name = self.sms_template_id.name

    def _param_names(self):
        self.ensure_one()
        pattern = PLACEHOLDER.get(self.provider)
        names = []
        for name in pattern.findall(self.content or "") if pattern else []:
            if name not in names:
                names.append(name)
        return names

    def _body_regex(self):
        """The registered text as a regular expression: literal parts escaped, each variable a
        group (the same variable twice must carry the same value)."""
        self.ensure_one()
        pattern = PLACEHOLDER[self.provider]
        parts, groups, position = [], {}, 0
        text = (self.content or "").strip()
        for match in pattern.finditer(text):
            parts.append(re.escape(text[position : match.start()]))
            name = match.group(1)
            if name in groups:
                parts.append(f"(?P={groups[name]})")
            else:
                groups[name] = f"v{len(groups)}"
                parts.append(f"(?P<{groups[name]}>.+?)")
            position = match.end()
        parts.append(re.escape(text[position:]))
        return re.compile("".join(parts), re.DOTALL), groups

    @api.model
    def _match(self, company, provider, body):
        """The active template of ``company`` and ``provider`` whose text ``body`` is, and the
        variables' values read from the body: ``(template, {name: value})`` (Tencent's in the
        order {1}, {2}, ...), or an empty recordset and ``{}``."""
        body = (body or "").strip()
        templates = self.search([("company_id", "=", company.id), ("provider", "=", provider)], order="sequence, id")
        for template in templates:
            regex, groups = template._body_regex()
            match = regex.fullmatch(body)
            if not match:
                continue
            names = list(groups)
            if provider == "tencent":
                names.sort(key=int)
            return template, {name: match.group(groups[name]) for name in names}
        return self.browse(), {}
