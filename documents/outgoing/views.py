from django.http import HttpResponse


def document_list(request):
    return HttpResponse("")
