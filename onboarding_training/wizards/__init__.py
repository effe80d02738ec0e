from . import onboarding_enroll_wizard
from . import onboarding_task_reject_wizard
