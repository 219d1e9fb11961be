"""The portal's addresses plus /bench/minimal/: one indexed SELECT and one UPDATE, nothing else."""

from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from coworking.models import Reservation
from pontive.urls import urlpatterns as portal


@csrf_exempt
def minimal(request):
    row = Reservation.objects.filter(code=request.POST.get("code", "")).values("pk").first()
    if row:
        Reservation.objects.filter(pk=row["pk"]).update(updated_at=timezone.now())
    return JsonResponse({"ok": row is not None})


urlpatterns = [*portal, path("bench/minimal/", minimal)]
