/** @odoo-module **/

import { registry } from "@web/core/registry";
import { useOpenX2ManyRecord, useX2ManyCrud } from "@web/views/fields/relational_utils";
import { X2ManyField, x2ManyField } from "@web/views/fields/x2many/x2many_field";

/**
 * The stages of a program. Closing a stage's dialog with Save saves the program too, so that the
 * stage and its items exist: prerequisites are chosen among saved items, and a new program would
 * otherwise offer none until HR thought of saving it.
 */
export class OnboardingStagesField extends X2ManyField {
    setup() {
        super.setup();
        const { saveRecord, updateRecord } = useX2ManyCrud(() => this.list, false);
        const openRecord = useOpenX2ManyRecord({
            resModel: this.list.resModel,
            activeField: this.activeField,
            activeActions: this.activeActions,
            getList: () => this.list,
            saveRecord: async (record) => {
                await saveRecord(record);
                await this.saveProgram();
            },
            updateRecord: async (record) => {
                await updateRecord(record);
                await this.saveProgram();
            },
            isMany2Many: false,
        });
        this._openRecord = (params) => {
            const activeElement = document.activeElement;
            openRecord({ ...params, onClose: () => activeElement?.focus() });
        };
    }

    async saveProgram() {
        const program = this.props.record;
        // Without a name the program cannot be saved yet: it is saved with the form, as usual.
        if ((program.isNew || program.dirty) && program.data.name) {
            await program.save();
        }
    }
}

export const onboardingStagesField = {
    ...x2ManyField,
    component: OnboardingStagesField,
};

registry.category("fields").add("onboarding_stages", onboardingStagesField);
