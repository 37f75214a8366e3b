"""Filled in next."""
from django.http import HttpResponse


def dashboard(request, *args, **kwargs):
    return HttpResponse('todo')


def company(request, *args, **kwargs):
    return HttpResponse('todo')


def company_edit(request, *args, **kwargs):
    return HttpResponse('todo')


def company_confirm(request, *args, **kwargs):
    return HttpResponse('todo')


def services(request, *args, **kwargs):
    return HttpResponse('todo')


def service_edit(request, *args, **kwargs):
    return HttpResponse('todo')


def studio_edit(request, *args, **kwargs):
    return HttpResponse('todo')


def studio_remove(request, *args, **kwargs):
    return HttpResponse('todo')


def colleagues(request, *args, **kwargs):
    return HttpResponse('todo')


