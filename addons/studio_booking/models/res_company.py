from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    studio_deposit_percent = fields.Float(
        string="Studio Deposit (%)",
        default=30.0,
        help="Share of a package order the customer pays as deposit to confirm it.",
    )
    studio_balance_due_mode = fields.Selection(
        [("after_shoot", "On or after the shoot day"), ("before_delivery", "Before delivery")],
        string="Balance Due",
        default="after_shoot",
        required=True,
    )
    studio_balance_due_days = fields.Integer(
        string="Balance Due Days",
        default=0,
        help="Days after the shoot (0: on the shoot day), or days before the delivery, "
        "the balance falls due; never before the shoot.",
    )
    studio_block_unpaid_delivery = fields.Boolean(
        string="Block Delivery While Money Is Due",
        help="When set, photos cannot be marked delivered while the order still has money to pay; "
        "otherwise the studio is warned and the delivery is noted on the work.",
    )
    studio_balance_reminder_days = fields.Integer(
        string="Balance Reminder Days Ahead",
        default=2,
        help="The balance reminder goes out this many days before the due date.",
    )

    studio_shoot_reminder_hours = fields.Integer(
        string="Shoot Reminder Hours Ahead",
        default=24,
        help="The shoot reminder (time, place, what to bring) goes out this many hours before.",
    )
    studio_selection_reminder_days = fields.Integer(
        string="Selection Reminder After (days)",
        default=3,
        help="Remind the customer who has not chosen their photos this many days after the gallery opened.",
    )

    studio_survey_id = fields.Many2one("survey.survey", string="Satisfaction Survey")

    studio_hold_minutes = fields.Integer(
        string="Online Hold (min)",
        default=15,
        help="A time a customer chooses on the public booking page is held this many minutes; "
        "when the deposit is not paid by then, the time is free again.",
    )
    studio_hold_limit = fields.Integer(
        string="Holds per Customer",
        default=2,
        help="How many unpaid holds one phone number, or one network address, may have at the same time.",
    )

    studio_change_hours = fields.Integer(
        string="Online Changes Until (hours before)",
        default=48,
        help="Customers may move or cancel a booking from their booking link until this many hours "
        "before the shoot; later, only the store can.",
    )
    studio_free_changes = fields.Integer(
        string="Free Online Time Changes",
        default=1,
        help="How many times a customer may move a booking to another time from their booking link, "
        "free of charge; further changes go through the store.",
    )

    _studio_deposit_percent_range = models.Constraint(
        "CHECK (studio_deposit_percent >= 0 AND studio_deposit_percent <= 100)",
        "The studio deposit must be between 0 and 100 percent.",
    )
    _studio_hold_minutes_positive = models.Constraint(
        "CHECK (studio_hold_minutes > 0)",
        "An online hold must last at least one minute.",
    )
    _studio_change_rules_positive = models.Constraint(
        "CHECK (studio_change_hours >= 0 AND studio_free_changes >= 0)",
        "The online change rules cannot be negative.",
    )
    _studio_hold_limit_positive = models.Constraint(
        "CHECK (studio_hold_limit > 0)",
        "Each customer must be allowed at least one online hold.",
    )
