import { Component, onWillStart, useState } from "@odoo/owl";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    toLocaleDateTimeString,
} from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const { DateTime } = luxon;

/** The response states of requests (intervention.request.sla_state), as the board shows them. */
const SLA_STATES = {
    on_track: { label: _t("On Track"), badge: "text-bg-success" },
    at_risk: { label: _t("At Risk"), badge: "text-bg-warning" },
    breached: { label: _t("Breached"), badge: "text-bg-danger" },
    met: { label: _t("Met"), badge: "text-bg-info" },
};

/**
 * The dispatcher's board: a week of appointments, one row per technician and one column per
 * day, with the requests to schedule beside it. Drop a request on a technician's day to plan
 * it, drop an appointment on another cell to move it. The server decides: a conflict
 * (overlap, qualification, working hours, time off) comes back as a refusal shown in a
 * notification, and the board reloads the unchanged week.
 */
export class DispatchBoard extends Component {
    static template = "field_intervention.DispatchBoard";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.state = useState({
            weekStart: DateTime.now().toISODate(),
            sectorId: false,
            data: null,
            dropTarget: null,
            busy: false,
        });
        this.dragged = null;
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("intervention.dispatch.board", "get_dispatch_board_data", [], {
            date_start: this.state.weekStart,
            sector_id: this.state.sectorId || null,
        });
        this.state.weekStart = this.state.data.week_start;
    }

    get weekLabel() {
        const days = this.state.data.days;
        const first = DateTime.fromISO(days[0]);
        const last = DateTime.fromISO(days[days.length - 1]);
        return `${first.toFormat("d MMM")} – ${last.toFormat("d MMM yyyy")}`;
    }

    /** One star per priority level ("0" to "3"); templates have no parseInt. */
    priorityStars(priority) {
        return [...Array(parseInt(priority || "0")).keys()];
    }

    slaLabel(slaState) {
        return SLA_STATES[slaState]?.label || "";
    }

    slaBadgeClass(slaState) {
        return SLA_STATES[slaState]?.badge || "text-bg-secondary";
    }

    /** A request's window, in the user's date format (the server sends "2026-12-03"). */
    formatDay(day) {
        return day ? formatDate(deserializeDate(day)) : "";
    }

    /** A response deadline (UTC) as lists show datetimes: language's words, no seconds, in the
     * board's time zone, the one of its days and times. */
    formatDeadline(deadline) {
        return toLocaleDateTimeString(deserializeDateTime(deadline), { tz: this.state.data.tz });
    }

    dayLabel(day) {
        return DateTime.fromISO(day).toFormat("ccc d");
    }

    cellAppointments(technicianId, day) {
        return this.state.data.appointments.filter(
            (appointment) => appointment.day === day && appointment.technician_ids.includes(technicianId)
        );
    }

    /** Time taken by appointments the user may not read: shown as "busy", nothing more. */
    cellBusy(technicianId, day) {
        return this.state.data.busy.filter((span) => span.day === day && span.technician_id === technicianId);
    }

    cellKey(technicianId, day) {
        return `${technicianId}-${day}`;
    }

    async shiftWeek(weeks) {
        this.state.weekStart = DateTime.fromISO(this.state.weekStart).plus({ weeks }).toISODate();
        await this.load();
    }

    async thisWeek() {
        this.state.weekStart = DateTime.now().toISODate();
        await this.load();
    }

    async onSectorChange(ev) {
        this.state.sectorId = parseInt(ev.target.value) || false;
        await this.load();
    }

    openRecord(model, id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: model,
            res_id: id,
            views: [[false, "form"]],
        });
    }

    onDragStart(ev, kind, record, fromTechnicianId = false) {
        this.dragged = { kind, id: record.id, fromTechnicianId };
        ev.dataTransfer.effectAllowed = "move";
        ev.dataTransfer.setData("text/plain", record.name);
    }

    onDragOver(ev, technicianId, day) {
        if (this.dragged) {
            ev.preventDefault();
            this.state.dropTarget = this.cellKey(technicianId, day);
        }
    }

    onDragLeave(technicianId, day) {
        if (this.state.dropTarget === this.cellKey(technicianId, day)) {
            this.state.dropTarget = null;
        }
    }

    async onDrop(ev, technicianId, day) {
        ev.preventDefault();
        const dragged = this.dragged;
        this.dragged = null;
        this.state.dropTarget = null;
        if (!dragged || this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            if (dragged.kind === "request") {
                await this.orm.call("intervention.dispatch.board", "action_board_plan_request", [
                    dragged.id,
                    technicianId,
                    day,
                ]);
                this.notification.add(_t("Request planned."), { type: "success" });
            } else {
                await this.orm.call("intervention.dispatch.board", "action_board_move", [dragged.id], {
                    technician_id: technicianId,
                    day,
                    from_technician_id: dragged.fromTechnicianId,
                });
                this.notification.add(_t("Appointment moved."), { type: "success" });
            }
        } catch (error) {
            const message = error.data?.message || error.message;
            if (!error.data) {
                throw error;
            }
            this.notification.add(message, { title: _t("Refused"), type: "danger", sticky: true });
        } finally {
            this.state.busy = false;
            await this.load();
        }
    }
}

registry.category("actions").add("field_intervention.dispatch_board", DispatchBoard);
