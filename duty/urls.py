"""值班 pages. Each view module owns its routes (``urlpatterns``)."""

from .views import emergencies, handovers, log, rosters, stats, swaps, today

app_name = "duty"

urlpatterns = [
    *today.urlpatterns,
    *rosters.urlpatterns,
    *swaps.urlpatterns,
    *handovers.urlpatterns,
    *log.urlpatterns,
    # 突发事件报告 and 值班统计 [43], [8]
    *emergencies.urlpatterns,
    *stats.urlpatterns,
]
