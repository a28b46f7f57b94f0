from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("read/<slug:slug>/", views.article_short, name="article_short"),
    path("<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("<slug:category_slug>/<slug:slug>/", views.article_detail, name="article"),
]
