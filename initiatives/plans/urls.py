from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("importer/", views.plan_import, name="import"),
    path("importer/bekreft/", views.plan_import_confirm, name="import_confirm"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
    path("<slug:slug>/tiltak/<int:number>/", views.measure_row, name="measure"),
    path("<slug:slug>/tiltak/<int:number>/rediger/", views.measure_edit, name="measure_edit"),
    path("<slug:slug>/statusrapporter/ny/", views.report_create, name="report_create"),
    path("<slug:slug>/statusrapporter/<int:pk>/", views.report_detail, name="report"),
    path("<slug:slug>/statusrapporter/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/statusrapporter/<int:pk>/pdf/lag/", views.report_pdf_request, name="report_pdf_request"),
    path("<slug:slug>/statusrapporter/<int:pk>/pdf/status/", views.report_pdf_status, name="report_pdf_status"),
]
