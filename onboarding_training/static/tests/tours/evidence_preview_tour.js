/** @odoo-module **/

import { registry } from "@web/core/registry";

const EVIDENCE = ".o_form_view .o_field_widget[name=evidence_attachment_ids]";

/** The mentor opens a handed-in task: the screenshot opens in the viewer, and nothing can be removed. */
registry.category("web_tour.tours").add("onboarding_training_evidence_preview", {
    steps: () => [
        {
            content: "The handed-in screenshot is listed",
            trigger: `${EVIDENCE} .o_onboarding_evidence_file[data-name='back-office.png']`,
        },
        {
            content: "Handed-in evidence can neither be removed nor added to",
            trigger: `${EVIDENCE}:not(:has(.o_onboarding_evidence_delete)):not(:has(.o_onboarding_evidence_upload))`,
        },
        {
            content: "Open the screenshot",
            trigger: `${EVIDENCE} .o_onboarding_evidence_file[data-name='back-office.png'] .o_onboarding_evidence_preview`,
            run: "click",
        },
        {
            content: "It shows in the file viewer",
            trigger: ".o-FileViewer img.o-FileViewer-viewImage",
        },
        {
            content: "Close the viewer",
            trigger: ".o-FileViewer .o-FileViewer-headerButton[aria-label=Close]",
            run: "click",
        },
        {
            content: "Back on the task",
            trigger: `body:not(:has(.o-FileViewer)) ${EVIDENCE}`,
        },
    ],
});

/** The hire opens an open task of their own: the button says it uploads. */
registry.category("web_tour.tours").add("onboarding_training_evidence_upload_button", {
    steps: () => [
        {
            content: "The upload button says what it does",
            trigger: `${EVIDENCE} .o_onboarding_evidence_upload:contains('Upload evidence')`,
        },
        {
            content: "The hire can remove a file while the task is open",
            trigger: `${EVIDENCE} .o_onboarding_evidence_file[data-name='draft.png'] .o_onboarding_evidence_delete`,
        },
    ],
});
