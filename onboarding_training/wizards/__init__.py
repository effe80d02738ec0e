from . import onboarding_enroll_wizard
from . import onboarding_task_reject_wizard
from . import onboarding_peer_review_invite_wizard
from . import onboarding_enrollment_fail_wizard
from . import onboarding_task_credit_withdraw_wizard
