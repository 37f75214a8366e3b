from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights", views.insights, name="index"),
    path("insights/<slug:name>.csv", views.table_csv, name="csv"),
]
