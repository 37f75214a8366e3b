from django.urls import path

from . import ocds_views, views

app_name = "opendata"

urlpatterns = [
    path("opendata", views.index, name="index"),
    path("opendata/opportunity-data.csv", views.opportunity_data_csv, name="opportunity-data-csv"),
    path("opendata/ocds/releases.json", ocds_views.release_package, name="ocds-releases"),
    path("opendata/ocds/records.json", ocds_views.all_records_package, name="ocds-all-records"),
    path("opendata/ocds/records/<str:ocid>.json", ocds_views.record_package, name="ocds-record"),
]
