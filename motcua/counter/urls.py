from django.urls import path

from motcua.counter import views

app_name = "counter"
urlpatterns = [
    path("", views.intake, name="intake"),
    path("quay/", views.choose_desk, name="desk"),
    path("thu-tuc/", views.procedures, name="procedures"),
    path("thu-tuc/chon/", views.procedure, name="procedure"),
    path("nguoi-nop/", views.applicant, name="applicant"),
    path("ghi-nhan/", views.submit, name="submit"),
    path("in/<str:code>/<str:form>/", views.print_form, name="print"),
]
