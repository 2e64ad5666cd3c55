import { registry } from "@web/core/registry";
import { graphView } from "@web/views/graph/graph_view";
import { GraphRenderer } from "@web/views/graph/graph_renderer";

// The colours of the list and kanban badges (Odoo's $o-success, $o-info...): a chart split by
// status must not show Done in the palette's red because it happens to come second.
export const STATE_CHART_COLORS = {
    draft: "#ffac00",
    to_schedule: "#17a2b8",
    scheduled: "#ffac00",
    confirmed: "#4EA7F2",
    in_progress: "#17a2b8",
    done: "#28a745",
    cancelled: "#dc3545",
};

export class InterventionStateGraphRenderer extends GraphRenderer {
    /**
     * Colour of each dataset when the series are the values of the `state` field, else null.
     * A dataset is labelled with the translated value, told back to its key by the selection.
     */
    _stateColors(labels) {
        const { groupBy, fields, mode } = this.model.metaData;
        const seriesGroupBy = mode === "pie" ? groupBy[0] : groupBy[1];
        if (!seriesGroupBy || seriesGroupBy.fieldName !== "state" || groupBy.length > 2) {
            return null;
        }
        const keyByLabel = Object.fromEntries(
            (fields.state.selection || []).map(([key, label]) => [label, key])
        );
        const colors = labels.map((label) => STATE_CHART_COLORS[keyByLabel[label]]);
        return colors.every(Boolean) ? colors : null;
    }

    getBarChartData() {
        const data = super.getBarChartData();
        const datasets = this.model.data.datasets;
        const colors = this._stateColors(datasets.map((dataset) => dataset.label));
        if (colors) {
            datasets.forEach((dataset, index) => (dataset.backgroundColor = colors[index]));
        }
        return data;
    }

    getLineChartData() {
        const data = super.getLineChartData();
        const colors = this._stateColors(data.datasets.map((dataset) => dataset.label));
        if (colors) {
            data.datasets.forEach((dataset, index) => {
                dataset.borderColor = colors[index];
                dataset.hoverBackgroundColor = colors[index];
                dataset.pointBackgroundColor = colors[index];
            });
        }
        return data;
    }

    getPieChartData() {
        const data = super.getPieChartData();
        const colors = this._stateColors(data.labels);
        if (colors) {
            for (const dataset of data.datasets) {
                dataset.backgroundColor = [...colors, ...dataset.backgroundColor.slice(colors.length)];
                dataset.hoverBackgroundColor = dataset.backgroundColor;
            }
        }
        return data;
    }

    getLegendOptions() {
        const options = super.getLegendOptions();
        const generateLabels = options.labels?.generateLabels;
        if (this.model.metaData.mode === "pie" && generateLabels) {
            // the pie legend takes the palette again: show the slices' own colours
            options.labels.generateLabels = (chart) =>
                generateLabels(chart).map((item) => ({
                    ...item,
                    fillStyle: chart.data.datasets[0]?.backgroundColor?.[item.index] || item.fillStyle,
                }));
        }
        return options;
    }
}

registry.category("views").add("intervention_state_graph", {
    ...graphView,
    Renderer: InterventionStateGraphRenderer,
});
