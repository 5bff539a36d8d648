import { registry } from "@web/core/registry";
import { open, openRecord, shot } from "@customer_core/../tests/tours/first_day_utils";

// A store manager's first day (readme/USAGE.md): the store's dashboard, its leads and who follows
// them up, the month's commissions, the after-sales tickets and their SLA deadlines.
registry.category("web_tour.tours").add("member_loyalty_first_day_store_manager", {
    steps: () => [
        ...open("/odoo/action-member_loyalty.member_dashboard_action"),
        shot("01-dashboard"),
        ...open("/odoo/action-member_loyalty.crm_lead_member_store_action"),
        shot("02-store-leads"),
        ...openRecord("小程序咨询"),
        shot("03-store-lead", ".o_form_view .o_form_renderer"),
        ...open("/odoo/action-member_loyalty.member_lead_discipline_report_action"),
        shot("04-follow-up-leaderboard"),
        ...open("/odoo/action-member_loyalty.member_commission_settlement_action"),
        shot("05-commission-settlements"),
        ...open("/odoo/action-member_loyalty.helpdesk_ticket_member_action"),
        shot("06-after-sales-tickets"),
        ...openRecord("相框破损"),
        shot("07-after-sales-ticket", ".o_form_view .o_form_renderer"),
    ],
});
