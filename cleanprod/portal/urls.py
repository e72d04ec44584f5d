"""Public pages: no sign-in; published information only."""

from django.urls import path

from cleanprod.portal import views, views_reviews

app_name = "portal"
urlpatterns = [
    path("lists/", views.PublicListIndexView.as_view(), name="lists"),
    path("lists/<int:pk>/", views.PublicListDetailView.as_view(), name="list"),
    path("lists/<int:pk>/export.xlsx", views.PublicListExportView.as_view(), name="list_export"),
    path("reviews/", views_reviews.PublicReviewListView.as_view(), name="reviews"),
    path(
        "reviews/export.xlsx", views_reviews.PublicReviewExportView.as_view(), name="reviews_export"
    ),
    path("reviews/<int:pk>/", views_reviews.PublicReviewDetailView.as_view(), name="review"),
    path(
        "reviews/<int:pk>/opinion.pdf",
        views_reviews.PublicOpinionView.as_view(),
        name="review_opinion",
    ),
    path("agencies/", views_reviews.PublicAgencyRankingView.as_view(), name="agencies"),
]
