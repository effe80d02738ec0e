from odoo import api, models
from odoo.tools import SQL

# Program, stage and item texts shipped in the templates' translations; the SQL below knows the path to the program.
TEMPLATE_PARTS = {
    "onboarding.program": SQL("record.is_template"),
    "onboarding.program.stage": SQL("program.is_template"),
    "onboarding.program.item": SQL("program.is_template"),
}


class OnboardingProgram(models.Model):
    _inherit = "onboarding.program"

    @api.model
    def _translate_from_templates(self, langs):
        """Give programs copied from a template the template's translations they lack.

        A copy made before a language's terms were loaded (the demo programs are copied before the
        module's translations load; a language may be installed years later) holds English only:
        each program, stage and item text still equal to a template's English text takes that
        template's translation in every language of `langs` it has none for (or only the English).
        """
        langs = [lang for lang in langs if lang != "en_US"]
        if not langs:
            return
        for model_name, is_template in TEMPLATE_PARTS.items():
            Model = self.env[model_name]
            names = [name for name, field in Model._fields.items() if field.translate is True and field.store]
            Model.flush_model(names)
            for name in names:
                for lang in langs:
                    self._translate_field_from_templates(Model, name, lang, is_template)
            Model.invalidate_model(names)

    @api.model
    def _translate_field_from_templates(self, Model, name, lang, is_template):
        table, column = SQL.identifier(Model._table), SQL.identifier(name)
        join = (
            SQL("")
            if Model._name == "onboarding.program"
            else SQL("JOIN onboarding_program program ON program.id = record.program_id")
        )
        # One statement per field and language; the first template (by id) wins when several translate a text.
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s copy
                   SET %(column)s = copy.%(column)s || jsonb_build_object(%(lang)s, source.value)
                  FROM (
                        SELECT DISTINCT ON (record.%(column)s->>'en_US')
                               record.%(column)s->>'en_US' AS english, record.%(column)s->>%(lang)s AS value
                          FROM %(table)s record
                               %(join)s
                         WHERE %(is_template)s
                           AND record.%(column)s ? %(lang)s
                      ORDER BY record.%(column)s->>'en_US', record.id
                       ) source
                 WHERE copy.%(column)s->>'en_US' = source.english
                   AND COALESCE(copy.%(column)s->>%(lang)s, copy.%(column)s->>'en_US') = source.english
                   AND source.value != source.english
                """,
                table=table,
                column=column,
                lang=lang,
                join=join,
                is_template=is_template,
            )
        )
