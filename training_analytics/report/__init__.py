from . import onboarding_report_mixin
from . import onboarding_cohort_report
from . import onboarding_item_report
from . import onboarding_responsibility_report
from . import onboarding_effectiveness_report
