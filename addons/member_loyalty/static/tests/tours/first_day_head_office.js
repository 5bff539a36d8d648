import { registry } from "@web/core/registry";
import { open, shot } from "@customer_core/../tests/tours/first_day_utils";

// The head office's first day (readme/USAGE.md): tiers, top-up bonus rules, the RFM analysis, then
// a campaign on a segment, and the chain's dashboard. *Membership Settings* is not walked: Odoo's
// settings form needs the Administration group, which the head office's role does not have (the
// web client hides that menu from it). The test ticks every store in the company switcher, as a
// head office works.
registry.category("web_tour.tours").add("member_loyalty_first_day_head_office", {
    steps: () => [
        ...open("/odoo/action-member_loyalty.member_tier_action"),
        shot("01-tiers"),
        ...open("/odoo/action-member_loyalty.member_topup_bonus_action"),
        shot("02-top-up-bonus-rules"),
        ...open("/odoo/action-member_loyalty.res_partner_rfm_action"),
        shot("03-rfm-analysis"),
        ...open("/odoo/action-member_loyalty.member_campaign_action"),
        shot("04-campaigns"),
        ...open("/odoo/action-member_loyalty.member_campaign_action/new", ".o_form_view .o_form_renderer"),
        shot("05-new-campaign", ".o_form_view .o_form_renderer"),
        ...open("/odoo/action-member_loyalty.member_dashboard_action"),
        shot("06-chain-dashboard"),
    ],
});
