from . import onboarding_program_item
from . import onboarding_task
from . import onboarding_enrollment
from . import slide_channel
from . import slide_channel_partner
from . import hr_employee
from . import onboarding_demo
