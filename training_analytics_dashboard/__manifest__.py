{
    "name": "Onboarding Training Dashboard",
    "summary": "The onboarding KPIs, cohorts, responsibility KPIs and item health in Odoo's dashboards",
    "version": "18.0.1.0.0",
    "category": "Human Resources",
    "website": "https://github.com/onboarding-training/onboarding-training",
    "author": "Onboarding Training Contributors",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["training_analytics", "spreadsheet_dashboard"],
    "data": ["data/spreadsheet_dashboard_data.xml"],
    "assets": {
        "web.assets_tests": [
            "training_analytics_dashboard/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": ["training_analytics"],
}
