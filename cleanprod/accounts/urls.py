from django.urls import include, path

from cleanprod.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("", views.UserListView.as_view(), name="list"),
    path("<int:pk>/", views.UserDetailView.as_view(), name="detail"),
    path("<int:pk>/roles/", views.RoleGrantView.as_view(), name="grant"),
    path("<int:pk>/roles/<int:assignment>/revoke/", views.RoleRevokeView.as_view(), name="revoke"),
    path("<int:pk>/unlock/", views.AccountUnlockView.as_view(), name="unlock"),
    path("notices/", include("cleanprod.accounts.views_notices")),
]
