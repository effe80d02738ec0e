/** @odoo-module **/

import { KioskManualSelection } from "@hr_attendance/components/manual_selection/manual_selection";
import { Domain } from "@web/core/domain";
import { rpc } from "@web/core/network/rpc";
import { KeepLast } from "@web/core/utils/concurrency";
import { patch } from "@web/core/utils/patch";

patch(KioskManualSelection.prototype, {
    setup() {
        super.setup(...arguments);
        this.employeeSearch = new KeepLast();
    },

    /**
     * Typing a name sends one search per key. On a busy morning the answers can come back in another order
     * than the keys were typed, and the list would show an earlier search (everyone, before the first key):
     * only the answer to the latest search is shown.
     */
    async _fetchEmployeeData() {
        const domain = Domain.and([this.state.departmentDomain, this.state.searchDomain]).toList();
        const results = await this.employeeSearch.add(
            rpc("/hr_attendance/employees_infos", {
                token: this.props.token,
                limit: this.state.limit,
                offset: this.state.offset,
                domain: domain,
            })
        );
        this.state.employeesData.records = results.records;
        this.state.employeesData.count = results.length;
    },
});
