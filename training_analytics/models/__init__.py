from . import onboarding_performance_metric_type
from . import onboarding_performance_metric
from . import onboarding_enrollment
from . import onboarding_task
from . import onboarding_monthly_report
from . import onboarding_demo
from . import onboarding_today
