import { registry } from "@web/core/registry";
import { BadgeField, badgeField } from "@web/views/fields/badge/badge_field";

/** The item's health flag as a badge, its reasons as the badge's tooltip. */
export class HealthBadgeField extends BadgeField {
    static template = "training_analytics.HealthBadgeField";

    get reasons() {
        return this.props.record.data.health_reason || "";
    }
}

export const healthBadgeField = {
    ...badgeField,
    component: HealthBadgeField,
    fieldDependencies: [{ name: "health_reason", type: "text" }],
};

registry.category("fields").add("onboarding_health_badge", healthBadgeField);
