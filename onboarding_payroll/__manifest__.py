{
    "name": "Onboarding Payroll",
    "summary": "Payslip inputs and salary rules from training completion and missed check-ins",
    "version": "18.0.1.0.0",
    "category": "Payroll",
    "website": "https://github.com/onboarding-training/onboarding-training",
    "author": "Onboarding Training Contributors",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["hr_attendance_gate", "payroll"],
    "data": [
        "data/hr_salary_rule_data.xml",
        "views/hr_payslip_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/onboarding_payroll_demo.xml"],
    "installable": True,
    "auto_install": True,
}
