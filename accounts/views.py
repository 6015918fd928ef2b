from django.http import HttpResponse


def placeholder(request, *args, **kwargs):
    return HttpResponse("Not built yet.", status=501)
