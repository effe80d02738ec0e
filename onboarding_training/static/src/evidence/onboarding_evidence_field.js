/** @odoo-module **/

import { FileModel } from "@web/core/file_viewer/file_model";
import { useFileViewer } from "@web/core/file_viewer/file_viewer_hook";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import {
    Many2ManyBinaryField,
    many2ManyBinaryField,
} from "@web/views/fields/many2many_binary/many2many_binary_field";

/**
 * Evidence of an onboarding task: images and PDFs open in the file viewer, other files download.
 * The upload button says what it does; files can only be removed while the field is editable.
 */
export class OnboardingEvidenceField extends Many2ManyBinaryField {
    static template = "onboarding_training.OnboardingEvidenceField";

    setup() {
        super.setup();
        this.fileViewer = useFileViewer();
    }

    get uploadText() {
        return _t("Upload evidence");
    }

    fileModel(file) {
        return Object.assign(new FileModel(), { id: file.id, name: file.name, mimetype: file.mimetype });
    }

    isPreviewable(file) {
        const model = this.fileModel(file);
        return model.isImage || model.isPdf;
    }

    isImage(file) {
        return this.fileModel(file).isImage;
    }

    onPreview(file) {
        const models = this.files.filter((f) => this.isPreviewable(f)).map((f) => this.fileModel(f));
        const current = models.find((model) => model.id === file.id);
        if (current) {
            this.fileViewer.open(current, models);
        }
    }
}

export const onboardingEvidenceField = {
    ...many2ManyBinaryField,
    component: OnboardingEvidenceField,
};

registry.category("fields").add("onboarding_evidence", onboardingEvidenceField);
