/** @odoo-module **/

import { registry } from "@web/core/registry";

// A future hire on the portal studies the course of their pre-boarding in eLearning, to the end, and finds the
// task done on their onboarding page: nothing to hand in.
registry.category("web_tour.tours").add("onboarding_slides_portal_course", {
    steps: () => [
        {
            content: "The onboarding page shows the course task and the progress in eLearning",
            trigger: ".o_onboarding_course_progress:contains('0%')",
        },
        {
            content: "Open the course task",
            trigger: "a[href^='/my/onboarding/task/']:contains('Complaint handling course')",
            run: "click",
        },
        {
            content: "The task says how it completes, and offers no hand-in",
            trigger: ".o_onboarding_course:contains('Customer complaint handling')",
        },
        {
            trigger: "body:not(:has(form[action$='/submit'])):not(:has(form[action$='/evidence']))",
        },
        {
            content: "Start the course in eLearning",
            trigger: "a.o_onboarding_open_course:contains('Start the course')",
            run: "click",
        },
        {
            content: "The hire is an attendee of the course: open its first lesson",
            trigger: "a.o_wslides_js_slides_list_slide_link:contains('lesson 1')",
            run: "click",
        },
        {
            content: "Go to the second lesson",
            trigger: ".o_wslides_fs_slide_name:contains('lesson 2')",
            run: "click",
        },
        {
            content: "The lessons opened are completed",
            trigger: ".o_wslides_progress_percentage:contains('67')",
        },
        {
            content: "Open the quiz",
            trigger: ".o_wslides_fs_slide_name:contains('quiz')",
            run: "click",
        },
        {
            content: "Answer right",
            trigger: ".o_wslides_js_lesson_quiz_question .list-group a:contains('Listen to the end')",
            run: "click",
        },
        {
            content: "Check the answers",
            trigger: ".o_wslides_js_lesson_quiz_submit",
            run: "click",
        },
        {
            content: "eLearning congratulates the hire: the quiz is passed, the course completed",
            trigger: ".o_wslides_quiz_modal a:contains('End course')",
        },
        {
            content: "Back to the onboarding page",
            trigger: ".o_wslides_quiz_modal",
            run() {
                window.location.href = window.location.origin + "/my/onboarding";
            },
        },
        {
            content: "The course task is done, with no hand-in",
            trigger: "li:has(a:contains('Complaint handling course')) .badge:contains('Done')",
        },
    ],
});
