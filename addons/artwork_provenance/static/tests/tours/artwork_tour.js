import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("artwork_provenance_create_and_label", {
    url: "/odoo/action-artwork_provenance.art_artwork_action",
    steps: () => [
        {
            trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Tour Autumn Pines",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=year] input",
            run: "edit 2003",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=height] input",
            run: "edit 96",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=inventory_number] input:value(/GA-/)",
        },
        {
            trigger: ".o_form_view button[name=action_print_labels]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=artwork_ids] .o_tag:contains(Tour Autumn Pines)",
        },
        {
            trigger: ".modal .modal-footer button[name=action_print]",
            run: "click",
        },
        {
            content: "the dialog closes once the label PDF is downloaded",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=inventory_number]",
            // wkhtmltopdf renders the labels: slow on a loaded machine
            timeout: 60000,
        },
    ],
});
