/** @odoo-module **/

import kioskApp from "@hr_attendance/public_kiosk/public_kiosk_app";
import { isAttendanceBlockedError } from "@hr_attendance_gate/core/attendance_gate_errors";
import { isIosApp } from "@web/core/browser/feature_detection";
import { rpc } from "@web/core/network/rpc";
import { patch } from "@web/core/utils/patch";

patch(kioskApp.kioskAttendanceApp.prototype, {
    /**
     * A refused check-in rejects the RPC: let the error service show the message, but release the
     * scanner, or the kiosk would ignore every badge after the first refusal.
     */
    async onBarcodeScanned(barcode) {
        const wasLocked = this.lockScanner;
        try {
            return await super.onBarcodeScanned(barcode);
        } catch (error) {
            if (!wasLocked) {
                this.lockScanner = false;
            }
            throw error;
        }
    },

    /** After a refusal, go back to the start screen for the next person. */
    async onManualSelection(employeeId, enteredPin) {
        try {
            return await super.onManualSelection(employeeId, enteredPin);
        } catch (error) {
            if (isAttendanceBlockedError(error)) {
                this.kioskReturn();
            }
            throw error;
        }
    },

    /** Same request as the original, but a server error rejects the promise instead of being lost. */
    async makeRpcWithGeolocation(route, params) {
        if (isIosApp()) {
            return rpc(route, { ...params });
        }
        const coords = await new Promise((resolve) => {
            navigator.geolocation.getCurrentPosition(
                ({ coords }) => resolve(coords),
                () => resolve(null),
                { enableHighAccuracy: true }
            );
        });
        const position = coords ? { latitude: coords.latitude, longitude: coords.longitude } : {};
        return rpc(route, { ...params, ...position });
    },
});
