"""Citizens' accounts, the online submission wizard and "my dossiers" (site root, i18n)."""

from django.urls import path

from motcua.citizens.views import accounts, dossiers, wizard

app_name = "citizens"
urlpatterns = [
    path("dang-nhap/", accounts.SignInView.as_view(), name="login"),
    path("dang-xuat/", accounts.SignOutView.as_view(), name="logout"),
    path("dang-ky/", accounts.sign_up, name="signup"),
    path("tai-khoan/", accounts.profile, name="profile"),
    path("tai-khoan/mat-khau/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("nop-ho-so/<code:code>/", wizard.start, name="submit"),
    path("nop-ho-so/<code:code>/nguoi-nop/", wizard.new_applicant, name="submit_new"),
    path(
        "nop-ho-so/<code:code>/<dossier:key>/giay-to/<int:document>/",
        wizard.upload,
        name="submit_upload",
    ),
    path(
        "nop-ho-so/<code:code>/<dossier:key>/<slug:step>/",
        wizard.step,
        name="submit_step",
    ),
    path("ho-so-cua-toi/", dossiers.dossier_list, name="dossiers"),
    path("ho-so-cua-toi/<dossier:key>/", dossiers.detail, name="dossier"),
    path("ho-so-cua-toi/<dossier:key>/da-nop/", dossiers.submitted, name="submitted"),
    path("ho-so-cua-toi/<dossier:key>/bo-sung/", dossiers.supplement_send, name="supplement"),
    path(
        "ho-so-cua-toi/<dossier:key>/bo-sung/tep/",
        dossiers.supplement_upload,
        name="supplement_upload",
    ),
    path("ho-so-cua-toi/<dossier:key>/rut/", dossiers.withdraw, name="withdraw"),
    path("ho-so-cua-toi/<dossier:key>/tep/<int:pk>/", dossiers.download, name="download"),
    path("ho-so-cua-toi/<dossier:key>/mau/<slug:form>/", dossiers.form_pdf, name="form"),
]
