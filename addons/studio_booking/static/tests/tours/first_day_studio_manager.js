import { registry } from "@web/core/registry";
import { open, openRecord, shot } from "@customer_core/../tests/tours/first_day_utils";

// A studio manager's first day (readme/USAGE.md): the store's team, rooms and costumes, a package
// with what it needs and whether customers book it online, the week's shoots and the utilisation of
// the team. (Settings are the administrator's: Odoo lets only administrators change them.)
registry.category("web_tour.tours").add("studio_booking_first_day_studio_manager", {
    steps: () => [
        ...open("/odoo/action-studio_booking.resource_resource_action_studio"),
        shot("01-resources"),
        ...open("/odoo/action-studio_booking.product_template_action_studio_package"),
        shot("02-packages"),
        ...openRecord("经典婚纱套系"),
        {
            content: "the package's studio tab",
            trigger: ".o_form_view .o_notebook a[name=studio_package]",
            run: "click",
        },
        shot("03-package", ".o_form_view .o_field_widget[name=studio_requirement_ids]"),
        ...open("/odoo/action-studio_booking.studio_booking_action"),
        shot("04-shoots"),
        ...open("/odoo/action-studio_booking.studio_utilisation_report_action"),
        shot("05-utilisation"),
    ],
});
