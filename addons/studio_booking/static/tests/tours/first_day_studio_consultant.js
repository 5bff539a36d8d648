import { registry } from "@web/core/registry";
import { clickButton, dialog, open, openRecord, shot, SERVER } from "@customer_core/../tests/tours/first_day_utils";

// A studio consultant's first day (readme/USAGE.md): today's channel leads, a lead turned into a
// quotation with its package, a free slot found and booked, the week's shoots, the photo selection.
// The records come from the test's set-up (tests/test_first_day_tours.py).
registry.category("web_tour.tours").add("studio_booking_first_day_studio_consultant", {
    steps: () => [
        ...open("/odoo/action-studio_booking.crm_lead_action_studio"),
        shot("01-channel-leads"),
        ...openRecord("张婷"),
        shot("02-channel-lead", ".o_form_view .o_form_renderer"),
        // the quotation with the package the customer wants
        clickButton("action_studio_new_quotation"),
        {
            content: "the quotation, with its package",
            trigger:
                ".o_form_view .o_field_widget[name=order_line] .o_data_row, " +
                ".o_form_view .o_field_widget[name=order_line] .o_kanban_record",
            timeout: SERVER,
        },
        shot("03-quotation", ".o_form_view .o_form_renderer"),
        clickButton("action_studio_find_slot"),
        dialog("find a free slot"),
        shot("04-find-a-free-slot", ".modal .o_form_view"),
        { content: "search", trigger: ".modal button[name=action_search]", run: "click" },
        {
            content: "free slots, each with its Book button",
            trigger: ".modal .o_field_widget[name=suggestion_ids] button[name=action_book]",
            timeout: SERVER,
        },
        shot("05-free-slots", ".modal .o_field_widget[name=suggestion_ids]"),
        {
            content: "book the first one",
            trigger: ".modal .o_field_widget[name=suggestion_ids] button[name=action_book]",
            run: "click",
        },
        { content: "booked: the dialog closed", trigger: "body:not(:has(.modal)) .o_form_view", timeout: SERVER },
        shot("06-booked", ".o_form_view .o_form_renderer"),
        ...open("/odoo/action-studio_booking.studio_booking_action"),
        shot("07-shoots"),
        ...open("/odoo/action-studio_booking.studio_photo_album_action"),
        shot("08-photo-selections"),
        ...openRecord("李雪"),
        shot("09-photo-selection", ".o_form_view .o_form_renderer"),
    ],
});

