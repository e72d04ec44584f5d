"""Public pages: no sign-in; published information only."""

app_name = "portal"
urlpatterns: list = []
