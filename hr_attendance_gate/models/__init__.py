from . import onboarding_attendance_miss
