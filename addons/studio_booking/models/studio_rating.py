from odoo import fields, models

RATING_TARGETS = [
    ("overall", "Overall"),
    ("photographer", "Photographer"),
    ("makeup", "Make-up Artist"),
]


class StudioRating(models.Model):
    _name = "studio.rating"
    _description = "Customer Satisfaction Score"
    _order = "date desc, id desc"

    sale_order_id = fields.Many2one("sale.order", string="Order", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="sale_order_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="sale_order_id.company_id", store=True, string="Store")
    target = fields.Selection(RATING_TARGETS, required=True, default="overall")
    resource_id = fields.Many2one("resource.resource", string="Staff", index="btree_not_null")
    score = fields.Float(aggregator="avg", help="From 1 (poor) to 5 (excellent).")
    comment = fields.Text()
    date = fields.Date(default=fields.Date.context_today, required=True)
    user_input_id = fields.Many2one("survey.user_input", string="Survey Answer", ondelete="set null")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    studio_target = fields.Selection(
        RATING_TARGETS + [("comment", "Comment")],
        string="Studio Score For",
        help="Where the answer lands: on the order, on its photographer or on its make-up artist.",
    )


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    studio_sale_order_id = fields.Many2one("sale.order", string="Studio Order", index="btree_not_null")

    def _mark_done(self):
        res = super()._mark_done()
        self.filtered("studio_sale_order_id")._studio_store_scores()
        return res

    def _studio_store_scores(self):
        Rating = self.env["studio.rating"].sudo()
        for answer in self:
            order = answer.studio_sale_order_id
            comment = " ".join(
                line.value_text_box or line.value_char_box or ""
                for line in answer.user_input_line_ids
                if line.question_id.studio_target == "comment" and not line.skipped
            ).strip()
            people = order.studio_booking_ids.filtered(lambda b: b.state != "cancelled").line_ids.resource_id
            values = []
            for line in answer.user_input_line_ids.filtered(lambda l: not l.skipped and l.answer_type == "scale"):
                target = line.question_id.studio_target
                if target == "overall":
                    values.append({"target": "overall", "score": line.value_scale})
                elif target in ("photographer", "makeup"):
                    for resource in people.filtered(lambda r, t=target: r.studio_role == t):
                        values.append({"target": target, "score": line.value_scale, "resource_id": resource.id})
            Rating.create(
                [
                    {**vals, "sale_order_id": order.id, "comment": comment or False, "user_input_id": answer.id}
                    for vals in values
                ]
            )
            if comment:
                order.message_post(body=self.env._("Customer feedback: %(comment)s", comment=comment))
