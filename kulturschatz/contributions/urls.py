from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("mitmachen/", views.landing, name="landing"),
    path("mitmachen/schatz-teilen/", views.share_treasure, name="share-treasure"),
    path("mitmachen/datenschutz/", views.privacy_notice, name="privacy"),
    path("mitmachen/beitrag/<str:token>/", views.contribution_page, name="contribution"),
    path("objekt/<slug:identifier>/hinweis/", views.give_hint, name="give-hint"),
]
