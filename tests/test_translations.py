"""Every translatable term of the four addons ships with a Simplified Chinese translation.

The terms come from Odoo's own export machinery (the one behind ``--i18n-export``), so
fields, selection values, views, templates, menus, data records and ``_()`` strings in
Python are all covered. The translations are read from each addon's ``i18n/zh_CN.po`` the
way Odoo loads it (``PoFileReader``): merged with the addon's ``.pot``, so that an entry
the ``.pot`` lacks, which Odoo drops as obsolete, does not count as translated.
"""

import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

ADDONS = (
    "onboarding_training",
    "hr_attendance_gate",
    "training_analytics",
    "onboarding_payroll",
    "onboarding_slides",
    "training_analytics_dashboard",
)
LANG = "zh_CN"


@tagged("post_install", "-at_install")
class TestZhCnTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Reading the export in a language needs the language active (not its translations loaded).
        cls.env["res.lang"]._activate_lang(LANG)

    def _exported_terms(self, addon):
        """{source: [where it comes from, ...]} for the terms Odoo exports for the addon."""
        terms = {}
        reader = TranslationModuleReader(self.env.cr, modules=[addon], lang=LANG)
        for module, ttype, name, res_id, source, _value, _comments in reader:
            if module == addon:
                where = f"{ttype}:{name}" + (f":{res_id}" if ttype != "code" else "")
                terms.setdefault(source, []).append(where)
        return terms

    def _po_translations(self, addon):
        """({source: translation} as Odoo loads the file, {source: translation} of the file alone)."""
        path = os.path.join(get_module_path(addon), "i18n", f"{LANG}.po")
        if not os.path.isfile(path):
            self.fail(f"{addon}: {addon}/i18n/{LANG}.po is missing")
        po = polib.pofile(path)
        self.assertEqual(po.metadata.get("Language"), LANG, f"{addon}: the header of {path} has no Language: {LANG}")
        in_file = {entry.msgid: entry.msgstr for entry in po if not entry.obsolete and "fuzzy" not in entry.flags}
        loaded = {}
        for entry in PoFileReader(path):
            if entry["value"]:
                loaded.setdefault(entry["src"], entry["value"])
        return loaded, in_file

    def _assert_translated(self, addon):
        module = self.env["ir.module.module"].search([("name", "=", addon), ("state", "=", "installed")])
        if not module:
            self.skipTest(f"{addon} is not installed in this database")
        terms = self._exported_terms(addon)
        self.assertTrue(terms, f"{addon}: Odoo exported no translatable term at all")
        loaded, in_file = self._po_translations(addon)
        missing = sorted(source for source in terms if not (loaded.get(source) or "").strip())
        if missing:
            dropped = f" [translated in {LANG}.po, but {addon}.pot lacks it: Odoo drops it]"
            lines = []
            for source in missing:
                note = dropped if in_file.get(source) else ""
                lines.append(f"  {source!r}  ({', '.join(terms[source][:2])}){note}")
            self.fail(
                f"{addon}: {len(missing)} of {len(terms)} terms have no {LANG} translation in "
                f"{addon}/i18n/{LANG}.po:\n" + "\n".join(lines)
            )

    def test_onboarding_training(self):
        self._assert_translated("onboarding_training")

    def test_hr_attendance_gate(self):
        self._assert_translated("hr_attendance_gate")

    def test_training_analytics(self):
        self._assert_translated("training_analytics")

    def test_onboarding_payroll(self):
        self._assert_translated("onboarding_payroll")

    def test_onboarding_slides(self):
        self._assert_translated("onboarding_slides")

    def test_training_analytics_dashboard(self):
        self._assert_translated("training_analytics_dashboard")
