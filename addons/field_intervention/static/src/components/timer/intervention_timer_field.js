import { Component, onWillUnmount, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const { DateTime } = luxon;

/**
 * Elapsed time of an appointment, shown on its timer_start field.
 *
 * The time is always derived from the stored timestamps (timer_start, and timer_pause while
 * paused), never counted in the browser: a reload or a phone waking up shows the right time.
 * The interval only triggers a re-render.
 */
export class InterventionTimerField extends Component {
    static template = "field_intervention.InterventionTimerField";
    static props = { ...standardFieldProps };

    setup() {
        this.state = useState({ now: DateTime.now() });
        const interval = browser.setInterval(() => {
            this.state.now = DateTime.now();
        }, 1000);
        onWillUnmount(() => browser.clearInterval(interval));
    }

    get start() {
        return this.props.record.data[this.props.name];
    }

    get paused() {
        return Boolean(this.props.record.data.timer_pause);
    }

    get elapsed() {
        if (!this.start) {
            return "";
        }
        const stop = this.props.record.data.timer_pause || this.state.now;
        const seconds = Math.max(0, Math.floor(stop.diff(this.start).as("seconds")));
        const pad = (value) => String(value).padStart(2, "0");
        const hours = Math.floor(seconds / 3600);
        return `${pad(hours)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
    }

    get pausedLabel() {
        return _t("Paused");
    }
}

export const interventionTimerField = {
    component: InterventionTimerField,
    displayName: _t("Intervention timer"),
    supportedTypes: ["datetime"],
    fieldDependencies: [{ name: "timer_pause", type: "datetime" }],
};

registry.category("fields").add("intervention_timer", interventionTimerField);
