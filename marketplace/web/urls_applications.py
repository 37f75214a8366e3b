"""Pages for applying (suppliers) and for evaluating applications and recording the outcome (buyers).

Included at the end of web/urls.py, so the names are in the "web" namespace, like every other page.
"""

from django.urls import path

from .views import applications, evaluation

urlpatterns = [
    # Suppliers applying
    path("opportunities/<int:pk>/apply", applications.start, name="application-start"),
    path("opportunities/<int:pk>/apply/check-your-answers", applications.check, name="application-check"),
    path("opportunities/<int:pk>/apply/submitted", applications.submitted, name="application-submitted"),
    path("opportunities/<int:pk>/apply/cannot-apply", applications.essentials_not_met,
         name="application-essentials-not-met"),
    path("opportunities/<int:pk>/apply/<slug:step>", applications.step_page, name="application-step"),
    path("suppliers/applications", applications.dashboard, name="application-dashboard"),
    # Buyers evaluating, after applications close
    path("buyers/requirements/<int:pk>/applications", evaluation.received, name="evaluation-applications"),
    path("buyers/requirements/<int:pk>/applications/download.<slug:extension>", evaluation.download,
         name="evaluation-download"),
    path("buyers/requirements/<int:pk>/applications/shortlist", evaluation.shortlist, name="evaluation-shortlist"),
    path("buyers/requirements/<int:pk>/applications/<int:application_id>", evaluation.application,
         name="evaluation-application"),
    path("buyers/requirements/<int:pk>/applications/<int:application_id>/score", evaluation.score,
         name="evaluation-score"),
    path("buyers/requirements/<int:pk>/outcome", evaluation.outcome, name="evaluation-outcome"),
    path("buyers/requirements/<int:pk>/outcome/award", evaluation.award, name="evaluation-award"),
    path("buyers/requirements/<int:pk>/outcome/award/<int:application_id>", evaluation.award_details,
         name="evaluation-award-details"),
    path("buyers/requirements/<int:pk>/outcome/cancel", evaluation.cancel, name="evaluation-cancel"),
    path("buyers/requirements/<int:pk>/outcome/unsuccessful", evaluation.unsuccessful,
         name="evaluation-unsuccessful"),
]
