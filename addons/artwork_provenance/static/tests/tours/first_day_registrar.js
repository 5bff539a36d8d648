import { registry } from "@web/core/registry";
import { clickButton, open, openRecord, shot, SERVER } from "@artwork_provenance/../tests/tours/first_day_utils";

// A registrar's first day (readme/USAGE.md): a new artwork submitted for approval, the receipt of a
// bought work, QR label sheets, an inventory count, loans and what is out. The records come from
// the test's set-up (tests/test_first_day_tours.py).
registry.category("web_tour.tours").add("artwork_provenance_first_day_registrar", {
    steps: () => [
        ...open("/odoo/action-artwork_provenance.art_artwork_action"),
        shot("01-artworks"),
        ...open("/odoo/action-artwork_provenance.art_artwork_action/new", ".o_form_view .o_field_widget[name=name] input"),
        { content: "title", trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit 秋山图" },
        { content: "year", trigger: ".o_form_view .o_field_widget[name=year] input", run: "edit 2019" },
        { content: "height", trigger: ".o_form_view .o_field_widget[name=height] input", run: "edit 96" },
        { content: "width", trigger: ".o_form_view .o_field_widget[name=width] input", run: "edit 60" },
        shot("02-new-artwork", ".o_form_view .o_form_renderer"),
        { content: "save", trigger: ".o_form_view .o_form_button_save", run: "click" },
        {
            content: "saved",
            trigger: ".o_form_view .o_form_renderer.o_form_saved .o_field_widget[name=inventory_number]",
            timeout: SERVER,
        },
        clickButton("action_submit_intake"),
        {
            // a phone keeps the status bar's current step in a hidden copy too: visible or not
            content: "waiting for approval",
            trigger:
                ".o_form_view .o_field_widget[name=intake_state] .o_arrow_button_current[data-value=to_approve]:visible, " +
                ".o_form_view .o_field_widget[name=intake_state] .o_arrow_button_current[data-value=to_approve]:hidden",
            timeout: SERVER,
        },
        shot("03-submitted-for-approval", ".o_form_view .o_form_renderer"),
        ...open("/odoo/action-stock.action_picking_tree_all"),
        shot("04-receipts"),
        ...openRecord("北京嘉德藏家"),
        shot("05-receipt", ".o_form_view .o_form_renderer"),
        ...open("/odoo/action-artwork_provenance.art_label_sheet_action"),
        shot("06-label-sheets"),
        ...open("/odoo/action-artwork_provenance.art_label_sheet_action/new", ".o_form_view .o_form_renderer"),
        shot("07-new-label-sheet", ".o_form_view .o_form_renderer"),
        ...open("/odoo/action-artwork_provenance.art_inventory_count_action"),
        shot("08-inventory-counts"),
        ...open("/odoo/action-artwork_provenance.art_inventory_count_action/new", ".o_form_view .o_form_renderer"),
        shot("09-new-inventory-count", ".o_form_view .o_form_renderer"),
        ...open("/odoo/action-artwork_provenance.art_loan_action"),
        shot("10-loans"),
        ...openRecord("上海当代艺术馆"),
        shot("11-loan", ".o_form_view .o_form_renderer"),
        ...open("/odoo/action-artwork_provenance.art_loan_action_due"),
        shot("12-on-loan-and-due-back"),
    ],
});
