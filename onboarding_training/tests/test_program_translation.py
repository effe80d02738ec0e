from odoo import Command
from odoo.tests import TransactionCase, tagged

LANG = "zh_CN"


@tagged("post_install", "-at_install")
class TestProgramTranslation(TransactionCase):
    """Programs copied from a template before Chinese was loaded (the demo's, or any made in an English-only
    database) read in Chinese once the language's terms load, like the template itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.template = cls.env.ref("onboarding_training.program_customer_service")
        # As in a database where Chinese was never loaded, whatever this one holds.
        for record in cls._parts(cls.template):
            for name in ("name", "output_requirement"):
                if name in record._fields and record[name]:
                    record.update_field_translations(name, {LANG: False})

    @classmethod
    def _parts(cls, program):
        return [program, *program.stage_ids.sorted("sequence"), *program.stage_ids.item_ids.sorted()]

    def _texts(self, program, lang):
        texts = []
        for record in self._parts(program):
            record = record.with_context(lang=lang)
            texts.append((record.name, record.output_requirement if "output_requirement" in record._fields else ""))
        return texts

    def _copy(self, **values):
        return self.template.copy({"name": self.template.name, "company_id": self.env.company.id, **values})

    def _load_chinese(self):
        self.env["ir.module.module"]._load_module_terms(["onboarding_training"], [LANG])

    def test_copy_made_before_chinese_loads_reads_in_chinese(self):
        program = self._copy()
        self.assertEqual(self._texts(program, LANG), self._texts(program, "en_US"), "nothing is Chinese yet")
        self._load_chinese()
        chinese = self._texts(self.template, LANG)
        self.assertNotEqual(chinese, self._texts(self.template, "en_US"), "the template reads in Chinese")
        self.assertEqual(self._texts(program, LANG), chinese, "the copy's program, stages and items too")
        self.assertEqual(program.with_context(lang="en_US").name, "Customer service – 30 days")
        self.assertEqual(program.stage_ids.sorted("sequence")[0].with_context(lang="en_US").name, "Pre-boarding")

    def test_texts_people_changed_keep_their_words(self):
        renamed = self._copy(name="Our own customer service")
        renamed.stage_ids.sorted("sequence")[0].name = "Before day one"
        translated = self._copy()
        translated.update_field_translations("name", {LANG: "我们的客服培训"})
        self._load_chinese()
        self.assertEqual(renamed.with_context(lang=LANG).name, "Our own customer service")
        self.assertEqual(renamed.stage_ids.sorted("sequence")[0].with_context(lang=LANG).name, "Before day one")
        self.assertEqual(
            renamed.stage_ids.sorted("sequence")[1].with_context(lang=LANG).name,
            self.template.stage_ids.sorted("sequence")[1].with_context(lang=LANG).name,
            "untouched stages of a renamed program still follow the template",
        )
        self.assertEqual(translated.with_context(lang=LANG).name, "我们的客服培训")

    def test_only_the_templates_texts_are_translated(self):
        program = self.env["onboarding.program"].create(
            {
                "name": "Customer service – 30 days",
                "auto_enroll": False,
                "stage_ids": [Command.create({"name": "Pre-boarding", "responsible_role": "hr"})],
            }
        )
        other = self.env["onboarding.program"].create(
            {"name": "Night shift", "auto_enroll": False, "stage_ids": [Command.create({"name": "Night one"})]}
        )
        self._load_chinese()
        # Same English as the template: the same words in Chinese, whoever wrote them.
        self.assertEqual(program.with_context(lang=LANG).name, self.template.with_context(lang=LANG).name)
        self.assertEqual(other.with_context(lang=LANG).name, "Night shift")
        self.assertEqual(other.stage_ids.with_context(lang=LANG).name, "Night one")
