{
    "name": "Attendance Gate for Onboarding",
    "summary": "Refuse check-in until pre-boarding is done; daily check-in duty while mentored; session sign-in",
    "version": "18.0.1.0.2",
    "category": "Human Resources/Attendances",
    "website": "https://github.com/onboarding-training/onboarding-training",
    "author": "Onboarding Training Contributors",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["onboarding_training", "hr_attendance"],
    "data": [
        "security/hr_attendance_gate_security.xml",
        "security/ir.model.access.csv",
        "data/hr_attendance_gate_data.xml",
        "views/hr_employee_views.xml",
        "views/onboarding_attendance_exemption_views.xml",
        "views/onboarding_attendance_miss_views.xml",
        "views/onboarding_program_stage_views.xml",
        "views/onboarding_program_item_views.xml",
        "views/onboarding_task_views.xml",
        "views/hr_attendance_kiosk_templates.xml",
        "views/portal_templates.xml",
        "wizards/onboarding_attendance_miss_justify_wizard_views.xml",
        "wizards/onboarding_session_signin_wizard_views.xml",
        "views/hr_attendance_gate_menus.xml",
        "report/onboarding_enrollment_report.xml",
    ],
    "demo": ["demo/hr_attendance_gate_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "hr_attendance_gate/static/src/core/**/*",
        ],
        "hr_attendance.assets_public_attendance": [
            "hr_attendance_gate/static/src/core/**/*",
            "hr_attendance_gate/static/src/kiosk/**/*",
        ],
        # The kiosk page has no tour runner of its own: it loads this bundle in test mode only.
        "hr_attendance_gate.assets_kiosk_tests": [
            "web/static/lib/hoot-dom/**/*",
            "web_tour/static/src/tour_pointer/**/*.js",
            "web_tour/static/src/tour_pointer/**/*.xml",
            "web_tour/static/src/tour_service/**/*",
        ],
        "web.assets_tests": [
            "hr_attendance_gate/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
