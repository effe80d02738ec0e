{
    "name": "Onboarding eLearning Courses",
    "summary": "Course items link an eLearning course: the hire studies it, and only its completion completes the task",
    "version": "18.0.1.0.0",
    "category": "Human Resources",
    "website": "https://github.com/onboarding-training/onboarding-training",
    "author": "Onboarding Training Contributors",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["onboarding_training", "website_slides"],
    "data": [
        "views/onboarding_program_views.xml",
        "views/onboarding_task_views.xml",
        "views/hr_employee_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/slide_channel_demo.xml", "demo/onboarding_slides_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "onboarding_slides/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
