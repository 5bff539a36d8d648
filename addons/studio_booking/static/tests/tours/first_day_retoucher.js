import { registry } from "@web/core/registry";
import { clickButton, open, openRecord, shot, SERVER } from "@customer_core/../tests/tours/first_day_utils";

// A retoucher's first day (readme/USAGE.md): their works by stage, one opened, its stage done.
registry.category("web_tour.tours").add("studio_booking_first_day_retoucher", {
    steps: () => [
        ...open("/odoo/action-studio_booking.studio_production_action"),
        shot("01-post-production"),
        ...openRecord("李雪"),
        shot("02-work", ".o_form_view .o_form_renderer"),
        clickButton("action_next_stage"),
        {
            content: "the work moved on to the customer's review: its link's deadline is shown",
            trigger: ".o_form_view .o_field_widget[name=review_deadline]:not(:empty)",
            timeout: SERVER,
        },
        shot("03-stage-done", ".o_form_view .o_form_renderer"),
    ],
});
