from . import onboarding_attendance_miss
from . import onboarding_attendance_exemption
from . import onboarding_program_item
from . import onboarding_task
from . import onboarding_enrollment
from . import hr_employee
from . import hr_attendance
from . import onboarding_demo
