{
    "name": "Attendance Gate for Onboarding",
    "summary": "Refuse check-in until pre-boarding is done; daily check-in duty while mentored; session sign-in",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Attendances",
    "website": "https://github.com/onboarding-training/onboarding-training",
    "author": "Onboarding Training Contributors",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["onboarding_training", "hr_attendance"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
