"""Filled in next."""
from django.http import HttpResponse


def buyer_sign_up(request, *args, **kwargs):
    return HttpResponse('todo')


def supplier_register(request, *args, **kwargs):
    return HttpResponse('todo')


def check_your_email(request, *args, **kwargs):
    return HttpResponse('todo')


def create_account(request, *args, **kwargs):
    return HttpResponse('todo')


def join(request, *args, **kwargs):
    return HttpResponse('todo')


