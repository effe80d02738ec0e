{
    "name": "Onboarding Training Analytics",
    "summary": "Cohorts, responsibility KPIs, effectiveness against performance, early warning, monthly report",
    "version": "18.0.1.0.0",
    "category": "Human Resources",
    "website": "https://github.com/onboarding-training/onboarding-training",
    "author": "Onboarding Training Contributors",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["hr_attendance_gate"],
    "data": [],
    "installable": True,
}
