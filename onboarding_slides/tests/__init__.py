from . import test_course_task
from . import test_query_count
from . import test_portal
from . import test_demo
