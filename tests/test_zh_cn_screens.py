"""Every list and form of the four addons reads fully in Simplified Chinese, nothing cut, at 1280 × 900.

The screens are found in the registry: each list or form view one of the addons declares, or the
view it extends (the employee form, the payslip form, the settings), so that a new view is checked
without touching this file. A Chinese-speaking user who may open them all (onboarding, HR,
attendance and payroll manager) opens each one in headless Chromium on the shared world's data:
lists, and forms on a record (wizards on a new one), every notebook page of a form in turn.

A screen fails the check when

* a visible label, column header, button, tab, static text or selection value has English words
  and no Chinese (record data such as names is left out: it is what people typed); on a view of
  another module (the employee form, for instance) only the four addons' own terms count;
* a column header or a date cell of a list, or of a list inside a form, is cut short: its content
  is wider than its box and the browser shows "2026年12…" or "需…".

The portal pages of a Chinese-speaking new hire and the PDF reports (onboarding record, monthly
training-effect report, payslip) must not show any of the four addons' terms in English either.
"""

import json

import lxml.html
from lxml import etree
from security_world import OUR_ADDONS, SecurityWorld

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.translate import TranslationModuleReader

LANG = "zh_CN"
# The world's program in Chinese, as a Chinese shop would write it: record data is not what is checked.
WORLD_NAMES_ZH = {
    "CS A": "客服 A",
    "Pre-boarding": "入职前准备",
    "Week 1": "第一周",
    "Handbook": "员工手册",
    "Culture": "企业文化",
    "Back office": "店铺后台",
    "Orientation": "入职宣讲",
}
# Words that stay as they are in a Chinese screen: product names, abbreviations, units.
ALLOWED_WORDS = ("Odoo", "PDF", "CSV", "KPI", "PIN", "URL", "ID", "HTML", "UTC", "SQL")
# Forms shown in place of the main area rather than as a page of their own.
INLINE_FORMS = {"res.config.settings": "inline"}

SCREEN_CHECK = """
(async function () {
    const { screens, selectionFields, ourTerms, allowedWords } = %(data)s;
    const terms = new Set(ourTerms);
    const action = odoo.__WOWL_DEBUG__.root.env.services.action;
    const problems = new Set();
    const CJK = /[\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef]/;
    const DATE = /\\d{4}年\\d{1,2}月\\d{1,2}日/;
    const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    async function settle() {
        for (let i = 0; i < 3; i++) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
            await pause(0);
        }
    }
    async function waitUntil(condition) {
        for (let i = 0; i < 250; i++) {
            const result = condition();
            if (result) {
                await settle();
                return result;
            }
            await pause(20);
        }
        return null;
    }
    // Lists measure their columns once rendered, then fix the widths: measure after that.
    const listsLaidOut = () =>
        [...document.querySelectorAll(".o_action_manager .o_list_table, .o_dialog .o_list_table")].every(
            (table) => !table.querySelector(".o_data_row") || table.style.tableLayout === "fixed"
        );
    const visible = (element) =>
        element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
    const overflows = (element) => element.scrollWidth > element.clientWidth + 1;
    function isEnglish(text) {
        if (CJK.test(text)) {
            return false;
        }
        let rest = text;
        for (const word of allowedWords) {
            rest = rest.replace(new RegExp(`\\\\b${word}\\\\b`, "g"), " ");
        }
        return /[A-Za-z]{2,}/.test(rest);
    }
    // Record data (names people typed, amounts, dates) is not a label.
    function isData(element, selections) {
        const data = ".o-mail-Chatter, .o_breadcrumb, .o_searchview, .o_pager, .o_field_html, .o_notification_manager";
        if (element.closest(data)) {
            return true;
        }
        if (element.closest(".o_field_x2many")) {
            return !element.closest("thead, .o_field_x2many_list_row_add");
        }
        const holder = element.closest("td.o_data_cell, .o_field_widget[name]");
        return Boolean(holder) && !selections.has(holder.getAttribute("name"));
    }
    function check(screen, root) {
        const selections = new Set(selectionFields[screen.model] || []);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.replace(/\\s+/g, " ").trim();
            const element = node.parentElement;
            if (!text || !element || !visible(element) || isData(element, selections) || !isEnglish(text)) {
                continue;
            }
            if (!screen.foreign || terms.has(text)) {
                problems.add(`${screen.key}: English on screen: "${text}"`);
            }
        }
        for (const label of root.querySelectorAll("thead th .text-truncate")) {
            const header = label.textContent.trim();
            if (visible(label) && overflows(label) && (!screen.foreign || terms.has(header))) {
                const widths = `${label.scrollWidth} > ${label.clientWidth} px`;
                problems.add(`${screen.key}: column header cut: "${header}" (${widths})`);
            }
        }
        for (const cell of root.querySelectorAll("td.o_data_cell")) {
            const cut = [cell, ...cell.querySelectorAll("*")].find(overflows);
            if (DATE.test(cell.textContent) && visible(cell) && cut) {
                const [column, widths] = [cell.getAttribute("name"), `${cut.scrollWidth} > ${cut.clientWidth} px`];
                problems.add(`${screen.key}: date cut in column ${column}: "${cell.textContent.trim()}" (${widths})`);
            }
        }
    }
    for (const screen of screens) {
        await action.doAction(screen.action, screen.dialog ? {} : { clearBreadcrumbs: true });
        const area = screen.dialog ? ".o_dialog .modal-content" : ".o_action_manager";
        const root = await waitUntil(() => document.querySelector(`${area} .o_${screen.type}_view`));
        if (!root) {
            problems.add(`${screen.key}: the ${screen.type} view did not open`);
            continue;
        }
        await waitUntil(listsLaidOut);
        if (screen.type === "list" && !root.querySelector(".o_data_row")) {
            problems.add(`${screen.key}: no record to show: the test data needs one`);
        }
        check(screen, document.querySelector(area));
        const tabs = [...root.querySelectorAll(".o_notebook_headers .nav-link")];
        for (const tab of tabs.slice(1)) {
            tab.click();
            await settle();
            await waitUntil(listsLaidOut);
            check(screen, document.querySelector(area));
        }
        if (screen.dialog) {
            await action.doAction({ type: "ir.actions.act_window_close" });
            await waitUntil(() => !document.querySelector(".o_dialog"));
        }
    }
    if (problems.size) {
        console.error(`${problems.size} problem(s) on the Chinese screens:\\n` + [...problems].join("\\n"));
    } else {
        console.log("test successful");
    }
})();
"""


@tagged("post_install", "-at_install")
class TestZhCnScreens(SecurityWorld, HttpCase):
    browser_size = "1280x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        chinese = cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"].search([("state", "=", "installed")])._update_translations(LANG)
        # With eLearning (onboarding_slides) the portal is served by the website, in its languages only.
        cls.env["website"].search([]).language_ids |= chinese
        cls.reader = new_test_user(
            cls.env,
            "zh_screens",
            groups=(
                "base.group_user,base.group_system,onboarding_training.group_onboarding_manager,"
                "hr.group_hr_manager,hr_attendance.group_hr_attendance_manager,payroll.group_payroll_manager"
            ),
            name="Zhou Screens",
            lang=LANG,
            tz="Asia/Shanghai",
            company_id=cls.company_a.id,
        )
        # A colleague's review to give, so that the reviewer's own screens have a line to show.
        cls.env["onboarding.peer.reviewer"]._invite(cls.enr["rev"], cls.reader)
        cls.users["portal"].lang = LANG
        program = cls.program_a
        for record in (program, program.stage_ids, program.stage_ids.item_ids):
            for each in record.filtered(lambda r: r.name in WORLD_NAMES_ZH):
                each.update_field_translations("name", {LANG: WORLD_NAMES_ZH[each.name]})

    @classmethod
    def _views(cls):
        """The list and form views to open: the primary view of each one the addons declare or extend."""
        data = cls.env["ir.model.data"].search([("model", "=", "ir.ui.view"), ("module", "in", OUR_ADDONS)])
        views = cls.env["ir.ui.view"].browse(data.mapped("res_id")).filtered(lambda v: v.type in ("list", "form"))
        primary = cls.env["ir.ui.view"]
        for view in views:
            while view.mode != "primary" and view.inherit_id:
                view = view.inherit_id
            primary |= view
        return primary.sorted(lambda v: (v.model, v.type, v.id))

    def _dialog_models(self, views):
        """Models whose form also opens in a dialog, from the list of a one2many field on another form."""
        models = set()
        for view in views.filtered(lambda v: v.type == "form"):
            Model = self.env[view.model]
            arch = etree.fromstring(Model.get_view(view.id, "form")["arch"])
            for node in arch.iter("field"):
                field = Model._fields.get(node.get("name"))
                if field and field.type == "one2many" and not any(p.tag == "field" for p in node.iterancestors()):
                    models.add(field.comodel_name)
        return models

    def _screens(self, view, dialog_models):
        """How people see the view: a list; a form on a record, and in a dialog when it opens in one."""
        Model = self.env[view.model].with_user(self.reader)
        screen = {
            "key": f"{view.xml_id} ({view.type})",
            "type": view.type,
            "model": view.model,
            "foreign": view.xml_id.split(".")[0] not in OUR_ADDONS,
            "action": {
                "type": "ir.actions.act_window",
                "res_model": view.model,
                "name": self.env["ir.model"].with_context(lang=LANG)._get(view.model).name,
                "views": [[view.id, view.type]],
                "target": INLINE_FORMS.get(view.model, "current"),
            },
        }
        if view.type == "list":
            return [screen]
        # Wizards, and models whose records the reader may not see (anonymous reviews), open on a new record.
        record = Model.browse() if Model._transient else Model.search([], limit=1)
        if record:
            screen["action"]["res_id"] = record.id
        dialog = {**screen, "key": f"{view.xml_id} (form in a dialog)", "dialog": True}
        dialog["action"] = {**screen["action"], "target": "new"}
        if view.model in INLINE_FORMS:
            return [screen]
        if Model._transient:
            return [dialog]
        return [screen, dialog] if view.model in dialog_models else [screen]

    def _our_terms(self):
        """Every source term of the four addons, spaced the way a screen shows it."""
        terms = set()
        for addon in OUR_ADDONS:
            for module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=[addon], lang=LANG
            ):
                if module == addon:
                    terms.add(" ".join(source.split()))
        return sorted(terms)

    def test_every_screen_reads_in_chinese(self):
        views = self._views()
        dialog_models = self._dialog_models(views)
        screens = [screen for view in views for screen in self._screens(view, dialog_models)]
        models = {screen["model"] for screen in screens}
        data = {
            "screens": screens,
            "selectionFields": {
                model: [name for name, field in self.env[model]._fields.items() if field.type == "selection"]
                for model in models
            },
            "ourTerms": self._our_terms(),
            "allowedWords": ALLOWED_WORDS,
        }
        code = SCREEN_CHECK % {"data": json.dumps(data)}
        self.browser_js("/odoo", code, ready="odoo.isReady", login="zh_screens", timeout=300)

    def _english_terms(self, html, terms):
        """The four addons' terms an HTML page shows in English: texts, placeholders and titles."""
        found = set()
        for element in lxml.html.fromstring(html).iter():
            if not isinstance(element.tag, str) or element.tag in ("script", "style"):
                continue
            texts = [element.text, element.tail, *(element.get(name) for name in ("placeholder", "title", "alt"))]
            found.update(text for text in (" ".join((t or "").split()) for t in texts) if text in terms)
        return found

    def test_portal_and_reports_read_in_chinese(self):
        terms = {term for term in self._our_terms() if any(c.isalpha() and c.isascii() for c in term)}
        enrollment = self.enr["portal"]
        self.authenticate("sec_portal", self.passwords["portal"])
        pages = [
            "/my",
            "/my/onboarding",
            *(f"/my/onboarding/task/{task.id}" for task in enrollment.task_ids),
            f"/my/onboarding/knowledge/{self.doc_a.id}",
            "/my/onboarding/reviews",
        ]
        problems = []
        for page in pages:
            response = self.url_open(page)
            self.assertEqual(response.status_code, 200, page)
            problems += [f"{page}: {text!r}" for text in sorted(self._english_terms(response.text, terms))]
        # Every report of the addons, found in the registry, and the payslip they add to.
        self.payslip.with_user(self.reader).with_context(lang=LANG).compute_sheet()
        data = self.env["ir.model.data"].search([("model", "=", "ir.actions.report"), ("module", "in", OUR_ADDONS)])
        payslip_report = self.env.ref("payroll.action_report_payslip")
        reports = self.env["ir.actions.report"].browse(data.mapped("res_id")) | payslip_report
        printed = {
            "onboarding.enrollment": enrollment,
            "onboarding.monthly.report": self.monthly_a,
            "onboarding.cohort.evaluation": self.evaluation_a,
            "onboarding.cohort.evaluation.wizard": self.env["onboarding.cohort.evaluation.wizard"]
            .with_user(self.reader)
            .create({"program_id": self.program_a.id, "company_id": self.company_a.id, "month": self.start}),
            "hr.payslip": self.payslip,
        }
        for report in reports:
            record = printed.get(report.model) or self.env[report.model].with_user(self.reader).search([], limit=1)
            self.assertTrue(record, f"{report.report_name}: no {report.model} record to print")
            html = (
                self.env["ir.actions.report"]
                .with_user(self.reader)
                .with_context(lang=LANG)
                ._render_qweb_html(report.report_name, record.ids)[0]
                .decode()
            )
            problems += [f"{report.report_name}: {text!r}" for text in sorted(self._english_terms(html, terms))]
        self.assertFalse(problems, "English on the Chinese portal and reports:\n" + "\n".join(problems))
