from odoo import api, models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Programs copied from the templates follow the templates' translations as they load."""
        result = super()._load_module_terms(modules, langs, overwrite=overwrite, imported_module=imported_module)
        if "onboarding_training" in modules:
            self.env["onboarding.program"]._translate_from_templates(langs)
        return result
