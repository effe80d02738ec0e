/** @odoo-module **/

import { registry } from "@web/core/registry";

// A 1x1 PNG: the server checks the real type of the bytes, not the file name.
const PNG_BASE64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

registry.category("web_tour.tours").add("onboarding_training_portal_evidence", {
    steps: () => [
        {
            content: "The hire's onboarding lists the task",
            trigger: "a[href^='/my/onboarding/task/']:contains('Operate the shop back office')",
            run: "click",
        },
        {
            content: "Choose a screenshot as evidence",
            trigger: "form[action$='/evidence'] input[type=file][name=evidence]",
            async run() {
                const bytes = Uint8Array.from(atob(PNG_BASE64), (char) => char.charCodeAt(0));
                const file = new File([bytes], "back-office.png", { type: "image/png" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Hand the task in with the upload",
            trigger: "form[action$='/evidence'] input[type=checkbox][name=submit]",
            run: "click",
        },
        {
            content: "Upload",
            trigger: "form[action$='/evidence'] button[type=submit]",
            run: "click",
        },
        {
            content: "The task is handed in, with its evidence",
            trigger: ".alert-success:contains('Handed in')",
        },
        {
            content: "The evidence is listed",
            trigger: "li:contains('back-office.png')",
        },
        {
            content: "The task now waits for the mentor",
            trigger: ".badge:contains('Submitted')",
        },
    ],
});
