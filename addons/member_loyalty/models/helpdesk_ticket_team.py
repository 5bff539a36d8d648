from odoo import models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    def _retrieve_dashboard(self):
        """The helpdesk dashboard's counters in the reader's language: helpdesk_mgmt names them in
        its code, which only its own .po could translate."""
        names = {
            "helpdesk_mgmt.helpdesk_ticket_action_unassigned": self.env._("Open Tickets without team"),
            "helpdesk_mgmt.helpdesk_ticket_action_opened": self.env._("Open Tickets"),
        }
        counters = super()._retrieve_dashboard()
        for counter in counters:
            counter["name"] = names.get(counter.get("action"), counter["name"])
        return counters
