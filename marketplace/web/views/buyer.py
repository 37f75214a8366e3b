"""Filled in next."""
from django.http import HttpResponse


def dashboard(request, *args, **kwargs):
    return HttpResponse('todo')


def colleagues(request, *args, **kwargs):
    return HttpResponse('todo')


