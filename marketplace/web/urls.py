from django.urls import path

from . import urls_applications
from .views import account, alerts, buyer, catalogue, framework_application, pages, requirements, signup, supplier

app_name = "web"

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("cookies", pages.cookies, name="cookies"),
    path("accessibility", pages.accessibility, name="accessibility"),
    path("privacy", pages.privacy, name="privacy"),
    path("feedback", pages.feedback, name="feedback"),
    # Signing in and out
    path("sign-in", account.sign_in, name="sign-in"),
    path("sign-out", account.sign_out, name="sign-out"),
    path("second-factor", account.second_factor, name="second-factor"),
    path("second-factor/set-up", account.second_factor_set_up, name="second-factor-set-up"),
    path("reset-password", account.reset_password_request, name="reset-password"),
    path("reset-password/<str:token>", account.reset_password, name="reset-password-confirm"),
    path("account/password", account.change_password, name="change-password"),
    # Creating accounts
    path("buyers/create-account", signup.buyer_sign_up, name="buyer-sign-up"),
    path("suppliers/register", signup.supplier_register, name="supplier-register"),
    path("check-your-email", signup.check_your_email, name="check-your-email"),
    path("create-account/<str:token>", signup.create_account, name="create-account"),
    path("join/<str:token>", signup.join, name="join"),
    # Buyers
    path("buyers", buyer.dashboard, name="buyer-dashboard"),
    path("buyers/colleagues", buyer.colleagues, name="buyer-colleagues"),
    # Buyers writing and managing requirements
    path("buyers/requirements", requirements.dashboard, name="requirements"),
    path("buyers/requirements/create", requirements.choose_lot, name="requirement-create"),
    path("buyers/requirements/<int:pk>", requirements.overview, name="requirement-overview"),
    path("buyers/requirements/<int:pk>/edit/<slug:section>/<slug:page>", requirements.question_page,
         name="requirement-question"),
    path("buyers/requirements/<int:pk>/preview", requirements.preview, name="requirement-preview"),
    path("buyers/requirements/<int:pk>/publish", requirements.publish, name="requirement-publish"),
    path("buyers/requirements/<int:pk>/delete", requirements.delete, name="requirement-delete"),
    path("buyers/requirements/<int:pk>/withdraw", requirements.withdraw, name="requirement-withdraw"),
    path("buyers/requirements/<int:pk>/copy", requirements.copy, name="requirement-copy"),
    path("buyers/requirements/<int:pk>/questions", requirements.questions, name="requirement-questions"),
    # The public catalogue
    path("opportunities", catalogue.search, name="opportunities"),
    path("opportunities/feed.atom", catalogue.feed, name="opportunities-feed"),
    path("opportunities/<int:pk>", catalogue.opportunity, name="opportunity"),
    path("opportunities/<int:pk>/ask-a-question", catalogue.ask_question, name="opportunity-ask-question"),
    # Suppliers
    path("suppliers", supplier.dashboard, name="supplier-dashboard"),
    path("suppliers/company", supplier.company, name="supplier-company"),
    path("suppliers/company/edit", supplier.company_edit, name="supplier-company-edit"),
    path("suppliers/company/confirm", supplier.company_confirm, name="supplier-company-confirm"),
    path("suppliers/services", supplier.services, name="supplier-services"),
    path("suppliers/services/<slug:lot>", supplier.service_edit, name="supplier-service-edit"),
    path("suppliers/services/user-research-studios/add", supplier.studio_edit, name="supplier-studio-add"),
    path("suppliers/services/user-research-studios/<int:studio_id>", supplier.studio_edit,
         name="supplier-studio-edit"),
    path("suppliers/services/user-research-studios/<int:studio_id>/remove", supplier.studio_remove,
         name="supplier-studio-remove"),
    path("suppliers/colleagues", supplier.colleagues, name="supplier-colleagues"),
    # Suppliers applying to a framework, and each framework's public page
    path("frameworks/<slug:slug>", framework_application.framework_page, name="framework"),
    path("suppliers/frameworks/<slug:slug>", framework_application.task_list, name="framework-application"),
    path("suppliers/frameworks/<slug:slug>/submit", framework_application.submit, name="framework-submit"),
    path("suppliers/frameworks/<slug:slug>/copy-services", framework_application.copy_services,
         name="framework-copy-services"),
    path("suppliers/frameworks/<slug:slug>/declaration/<slug:section>", framework_application.declaration_section,
         name="framework-declaration"),
    path("suppliers/frameworks/<slug:slug>/lots/user-research-studios/add", framework_application.studio_edit,
         name="framework-studio-add"),
    path("suppliers/frameworks/<slug:slug>/lots/user-research-studios/<int:studio_id>",
         framework_application.studio_edit, name="framework-studio-edit"),
    path("suppliers/frameworks/<slug:slug>/lots/user-research-studios/<int:studio_id>/remove",
         framework_application.studio_remove, name="framework-studio-remove"),
    path("suppliers/frameworks/<slug:slug>/lots/<slug:lot>", framework_application.lot, name="framework-lot"),
    path("suppliers/frameworks/<slug:slug>/agreement", framework_application.agreement, name="framework-agreement"),
    path("suppliers/frameworks/<slug:slug>/agreement/download", framework_application.agreement_download,
         name="framework-agreement-download"),
    path("suppliers/alerts", alerts.alerts, name="supplier-alerts"),
    path("suppliers/alerts/new", alerts.new_alert, name="supplier-alert-new"),
    path("suppliers/alerts/<int:pk>", alerts.edit_alert, name="supplier-alert"),
    path("suppliers/alerts/<int:pk>/stop", alerts.stop_alert, name="supplier-alert-stop"),
    path("suppliers/alerts/<int:pk>/unsubscribe/<str:token>", alerts.unsubscribe, name="supplier-alert-unsubscribe"),
]
urlpatterns += urls_applications.urlpatterns
