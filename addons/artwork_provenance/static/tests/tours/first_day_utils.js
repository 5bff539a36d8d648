/**
 * Steps shared by the first-day tours of the lines (addons/<line>/static/tests/tours/first_day_*.js).
 *
 * A screen is opened by its action's xmlid, as its menu opens it, and found by field and button
 * names only, so that the wording and layout of a screen can change without breaking the tour.
 * `shot(name)` asks the test (tests/first_day_tour.py; customer_core has the same for the lines
 * that build on it) for a screenshot of what the user sees and waits until Chrome has taken it.
 */
export const SERVER = 60000;
export const READY = ".o_action_manager .o_view_controller";
/** A view that shows its records, or says it has none (list, kanban, pivot, calendar, graph). */
export const LOADED = [
    ".o_data_row",
    ".o_kanban_record",
    ".o_view_nocontent",
    ".o_list_table",
    ".o_pivot table",
    ".o_calendar_renderer",
    ".o_graph_renderer canvas",
]
    .map((part) => `${READY} ${part}`)
    .join(", ");

/** `selector` (alternatives separated by commas) when nothing blocks or loads. */
function settled(selector) {
    const idle = "body:not(:has(.o_blockUI)):not(:has(.o_loading_indicator))";
    return selector
        .split(",")
        .map((part) => `${idle} ${part.trim()}`)
        .join(", ");
}

/**
 * Open a URL of the web client (a menu's action: /odoo/action-<xmlid>) and wait for `ready`; an
 * error dialog (access refused, server error) fails the tour at once.
 */
export function open(path, ready = READY) {
    return [
        { content: `open ${path}`, trigger: "body", run: `goToUrl ${path}`, expectUnloadPage: true },
        { content: `${path} is shown`, ...failOnError(ready, path) },
    ];
}

/**
 * Wait for `ready`; an error dialog (access refused, server error) fails the tour at once, with
 * its technical details.
 */
export function failOnError(ready, what) {
    return {
        trigger: `${settled(ready)}, body .o_error_dialog`,
        timeout: SERVER,
        async run({ animationFrame }) {
            const error = document.querySelector(".o_error_dialog");
            if (error) {
                error.querySelector(".modal-body .btn-link")?.click();
                await animationFrame();
                throw new Error(`${what}: ${error.innerText}`);
            }
        },
    };
}

/** A dialog opened by the previous step (its form), or the error it raised. */
export function dialog(what) {
    return { content: `the dialog of ${what}`, ...failOnError(".modal .o_form_view", what) };
}

/** A screenshot once `trigger` is there and nothing is loading. */
export function shot(name, trigger = LOADED) {
    return {
        content: `screenshot ${name}`,
        trigger: settled(trigger),
        timeout: SERVER,
        async run({ animationFrame, waitUntil }) {
            await animationFrame();
            // the images in sight loaded (kanban cards load theirs after the records show)
            const inSight = (img) => img.getBoundingClientRect().top < window.innerHeight;
            try {
                await waitUntil(() => [...document.images].filter(inSight).every((img) => img.complete), {
                    timeout: 10000,
                });
            } catch {
                console.log(`first_day_shot ${name}: an image in sight did not load`);
            }
            await animationFrame();
            console.log(`first_day_shot:${name}`);
            await waitUntil(() => window.firstDayShot === name, { timeout: SERVER });
        },
    };
}

/** Open the record of the current list or kanban (the phone shows a kanban) that shows `text`. */
export function openRecord(text, ready = ".o_form_view .o_form_renderer") {
    return [
        {
            content: `open the record of ${text}`,
            trigger: `.o_data_row:contains(${text}) td.o_data_cell:not(.o_list_record_selector), .o_kanban_record:contains(${text})`,
            run: "click",
            timeout: SERVER,
        },
        { content: "its form", ...failOnError(ready, text) },
    ];
}

/** Close the dialog on top. */
export function closeDialog() {
    return [
        { content: "close the dialog", trigger: ".modal .modal-header .btn-close", run: "click" },
        { content: "dialog closed", trigger: "body:not(:has(.modal))" },
    ];
}

/**
 * Click a button of the form by its name, in the header or the button box. Where it is under
 * "More" (a phone shows the header's first button only, web.StatusBarButtons; the button box
 * shows what fits, web.Form.ButtonBox), open that "More" first, as a user does.
 */
export function clickButton(name, scope = ".o_form_view") {
    const button = `${scope} button[name=${name}]`;
    const mores = [`${scope} .o_statusbar_buttons .dropdown-toggle`, `${scope} .o_button_more`];
    return {
        content: `click ${name}`,
        trigger: `${scope} .o_form_renderer`,
        timeout: SERVER,
        async run({ click, queryFirst, waitFor }) {
            let target = queryFirst(button, { visible: true });
            for (const more of mores) {
                if (target || !queryFirst(more)) {
                    continue;
                }
                await click(more);
                target = await waitFor(`.o-dropdown--menu button[name=${name}]`, { timeout: 3000 }).catch(
                    () => null
                );
                if (!target) {
                    await click(more); // close it again
                }
            }
            if (!target) {
                throw new Error(`no button ${name} in the form, nor under its "More"`);
            }
            await click(target);
        },
    };
}
