from . import test_payslip_training
from . import test_payslip_zh_cn
from . import test_access
from . import test_query_count
