from . import test_reports
from . import test_risk
from . import test_monthly_report
from . import test_tours
from . import test_today
from . import test_item_health
from . import test_session_alerts
from . import test_cohort_evaluation
