from . import test_gate
from . import test_kiosk
from . import test_missed_checkins
from . import test_performance
from . import test_session_signin
