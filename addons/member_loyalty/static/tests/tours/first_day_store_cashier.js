import { registry } from "@web/core/registry";
import { clickButton, closeDialog, dialog, failOnError, open, openRecord, shot, SERVER } from "@customer_core/../tests/tours/first_day_utils";

// A store cashier's first day (readme/USAGE.md): look a member up, top up, redeem points on a
// quotation, the month's birthday coupons. The records come from the test's set-up
// (tests/test_first_day_tours.py).
registry.category("web_tour.tours").add("member_loyalty_first_day_store_cashier", {
    steps: () => [
        ...open("/odoo/action-member_loyalty.member_lookup_action", ".o_form_view .o_field_widget[name=query] input"),
        shot("01-member-lookup", ".o_form_view"),
        {
            content: "the member's phone, as the customer says it",
            trigger: ".o_form_view .o_field_widget[name=query] input",
            run: "edit 13900001111 && press Enter",
        },
        {
            content: "the member, tier, points and stored value",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(周晓燕)",
            timeout: SERVER,
        },
        shot("02-member-found", ".o_form_view .o_field_widget[name=member_points]"),
        { content: "top up", trigger: ".o_form_view button[name=action_topup]", run: "click" },
        dialog("top up"),
        shot("03-top-up", ".modal .o_form_view"),
        ...closeDialog(),
        ...open("/odoo/action-sale.action_quotations_with_onboarding"),
        ...openRecord("周晓燕"),
        shot("04-quotation", ".o_form_view .o_form_renderer"),
        clickButton("action_member_redeem_points"),
        dialog("redeem points"),
        shot("05-redeem-points", ".modal .o_form_view"),
        ...closeDialog(),
        ...open("/odoo/action-member_loyalty.member_birthday_coupon_action"),
        shot("06-birthday-coupons"),
        // the customer gives the last 4 digits of the phone only: the store's members whose phone
        // ends so are listed, the cashier chooses one
        ...open("/odoo/action-member_loyalty.member_lookup_action", ".o_form_view .o_field_widget[name=query] input"),
        {
            content: "the last 4 digits of the member's phone",
            trigger: ".o_form_view .o_field_widget[name=query] input",
            run: "edit 1111 && press Enter",
        },
        {
            content: "the store's members to choose from",
            trigger: ".o_form_view .o_field_widget[name=candidate_ids] .o_data_row:contains(周晓燕)",
            timeout: SERVER,
        },
        shot("07-choose-member", ".o_form_view .o_field_widget[name=candidate_ids] .o_data_row"),
        { content: "choose a member", trigger: ".o_form_view button[name=action_list_candidates]", run: "click" },
        {
            content: "choose the member",
            trigger: ".o_field_widget[name=candidate_ids] .o_data_row:contains(周晓燕) button[name=action_choose]",
            run: "click",
            timeout: SERVER,
        },
        {
            content: "the member chosen is shown",
            ...failOnError(".o_form_view .o_field_widget[name=member_points]", "choose the member"),
        },
        // 积分兑换: a gift of the points program for the member's points, without an order
        clickButton("action_redeem_points"),
        dialog("redeem a reward"),
        shot("08-redeem-gift", ".modal .o_form_view"),
        ...closeDialog(),
    ],
});
