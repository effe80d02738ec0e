/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The Onboarding app's landing page: a section per role, each block a count that opens the list
 * behind it. Everything shown, labels included, comes from onboarding.today.get_today().
 */
export class OnboardingToday extends Component {
    static template = "onboarding_training.OnboardingToday";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: { sections: [] } });
        onWillStart(async () => {
            this.state.data = await this.orm.call("onboarding.today", "get_today", []);
        });
    }

    get hasBlocks() {
        return this.state.data.sections.some((section) => section.blocks.length);
    }

    open(action) {
        return this.actionService.doAction(action);
    }
}

registry.category("actions").add("onboarding_today", OnboardingToday);
