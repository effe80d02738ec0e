/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The Python test that starts this tour sets `window.onboardingDashboardExpected` first:
 *     { dashboard: "<dashboard name>", filters: ["<filter label>", ...],
 *       cards: [{ figureId, title, text, value }, ...],
 *       filtered: { values: { <filter id>: <value>, ... }, cards: [...] } }
 * from the reports, in the user's language: the cards with no filter, then with the filters set. The cards are drawn on a canvas, so the tour reads
 * what they show from the dashboard's spreadsheet model.
 */
function expected() {
    const data = window.onboardingDashboardExpected;
    if (!data) {
        throw new Error("window.onboardingDashboardExpected is not set: start this tour from its Python test");
    }
    return data;
}

async function waitUntil(what, predicate, timeout = 20000) {
    const end = Date.now() + timeout;
    while (!predicate()) {
        if (Date.now() > end) {
            throw new Error(`Timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

function findComponent(node, name) {
    if (node.component?.constructor.name === name) {
        return node.component;
    }
    for (const child of Object.values(node.children || {})) {
        const found = findComponent(child, name);
        if (found) {
            return found;
        }
    }
    return null;
}

function activeDashboard() {
    const action = findComponent(odoo.__WOWL_DEBUG__.root.__owl__, "SpreadsheetDashboardAction");
    return action?.state.activeDashboard;
}

function cardCell(model, figureId) {
    const { keyValue } = model.getters.getChartDefinition(figureId);
    const range = model.getters.getRangeFromSheetXC(model.getters.getActiveSheetId(), keyValue);
    return model.getters.getEvaluatedCell({ sheetId: range.sheetId, col: range.zone.left, row: range.zone.top });
}

function filterLabels() {
    return [...document.querySelectorAll(".o_control_panel .o-filter-value input")].map((input) =>
        input.placeholder.trim()
    );
}

async function checkDashboard() {
    const data = expected();
    const entry = [...document.querySelectorAll(".o_spreadsheet_dashboard_search_panel li[data-name]")].find(
        (li) => li.dataset.name === data.dashboard
    );
    if (!entry) {
        throw new Error(`The dashboard "${data.dashboard}" is not in the list of dashboards`);
    }
    entry.click();
    await waitUntil(
        `the dashboard "${data.dashboard}" to open`,
        () => activeDashboard()?.displayName === data.dashboard && activeDashboard().model && entry.matches(".active")
    );
    const model = activeDashboard().model;
    // The spreadsheet code comes with the dashboard's lazy bundle, after this file: ask the module loader.
    const { waitForDataLoaded } = odoo.loader.modules.get("@spreadsheet/helpers/model");
    await waitForDataLoaded(model);
    await waitUntil("the filters", () => data.filters.every((label) => filterLabels().includes(label)));

    const errors = compareCards(model, data.cards, "");
    for (const [id, value] of Object.entries(data.filtered.values)) {
        const result = model.dispatch("SET_GLOBAL_FILTER_VALUE", { id, value });
        if (!result.isSuccessful) {
            errors.push(`filter ${id} refused ${JSON.stringify(value)}: ${result.reasons}`);
        }
    }
    await waitForDataLoaded(model);
    errors.push(...compareCards(model, data.filtered.cards, " (filtered)"));
    if (errors.length) {
        throw new Error(errors.join("\n"));
    }
}

function compareCards(model, cards, context) {
    const errors = [];
    for (const card of cards) {
        const runtime = model.getters.getChartRuntime(card.figureId);
        const cell = cardCell(model, card.figureId);
        if (runtime.title.text !== card.title) {
            errors.push(`card ${card.figureId} is titled "${runtime.title.text}" instead of "${card.title}"`);
        }
        if (runtime.keyValue !== card.text) {
            errors.push(`card "${card.title}"${context} shows "${runtime.keyValue}", the report says "${card.text}"`);
        }
        if (typeof cell.value !== "number" || Math.abs(cell.value - card.value) > 1e-9) {
            errors.push(`card "${card.title}"${context} holds ${cell.value}, the report says ${card.value}`);
        }
    }
    return errors;
}

registry.category("web_tour.tours").add("training_analytics_dashboard_cards", {
    steps: () => [
        {
            content: "Open the onboarding dashboard: the cards show the reports' numbers",
            trigger: ".o_spreadsheet_dashboard_search_panel li[data-name]",
            run: checkDashboard,
            timeout: 60000,
        },
        {
            content: "The dashboard is drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet .o-grid canvas",
        },
    ],
});
