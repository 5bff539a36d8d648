import { registry } from "@web/core/registry";

// Each step waits on what the user would see once the server has answered, never on a delay: the
// saved record (".o_form_saved" and its inventory number), the dialog, then the form reloaded after
// the dialog closed (its label count). The bounds are generous because the server may be slow under
// load; a step goes on as soon as its condition holds.
const SERVER = 60000;
const MAIN_FORM = ".o_action_manager .o_form_view .o_form_renderer";

registry.category("web_tour.tours").add("artwork_provenance_create_and_label", {
    url: "/odoo/action-artwork_provenance.art_artwork_action",
    steps: () => [
        {
            content: "the inventory is loaded: create an artwork",
            trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            run: "click",
            timeout: SERVER,
        },
        {
            content: "a new, editable artwork form",
            trigger: `${MAIN_FORM}.o_form_editable:not(.o_form_saved) .o_field_widget[name=name] input`,
            run: "edit Tour Autumn Pines",
            timeout: SERVER,
        },
        {
            trigger: `${MAIN_FORM} .o_field_widget[name=year] input`,
            run: "edit 2003",
        },
        {
            trigger: `${MAIN_FORM} .o_field_widget[name=height] input`,
            run: "edit 96",
        },
        {
            content: "save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "saved: the server gave the inventory number, nothing left to save",
            trigger: `${MAIN_FORM}.o_form_saved .o_field_widget[name=inventory_number] input:value(/GA-/)`,
            timeout: SERVER,
        },
        {
            trigger: `${MAIN_FORM}.o_form_saved button[name=action_print_labels]`,
            run: "click",
        },
        {
            content: "the label dialog proposes this artwork",
            trigger: ".modal .o_field_widget[name=artwork_ids] .o_tag:contains(Tour Autumn Pines)",
            timeout: SERVER,
        },
        {
            trigger: ".modal .modal-footer button[name=action_print]",
            run: "click",
        },
        {
            content: "the dialog closed once the labels were downloaded, and the form reloaded counts them",
            trigger: `body:not(:has(.modal)):not(:has(.o_blockUI)) ${MAIN_FORM}.o_form_saved .o_field_widget[name=label_count]:contains(1)`,
            timeout: SERVER,
        },
    ],
});
