from django.urls import path

from . import views

app_name = "collections"

urlpatterns = [
    path("", views.home, name="home"),
    path("objekte/", views.object_list, name="object-list"),
    path("objekt/<slug:identifier>/", views.object_detail, name="object-detail"),
    path("sammlung/<slug:slug>/", views.collection_detail, name="collection-detail"),
    path("institution/<slug:slug>/", views.institution_detail, name="institution-detail"),
    path("person/<int:pk>/", views.agent_detail, name="agent-detail"),
    path("ort/<int:pk>/", views.place_detail, name="place-detail"),
    path("thema/<int:pk>/", views.concept_detail, name="subject-detail"),
]
