"""A first walk through the seals services [7]."""

from seals.models import ApplicationState, RequestState, SealState

from . import factories as f


def test_request_approved_then_stamped_once_7(office):
    """[7] An approved request is stamped by the clerk and becomes 已用印."""
    use = f.use(office)
    assert use.request.state == RequestState.USED
    assert use.seal.state == SealState.IN_USE


def test_handover_registers_seal_7(office):
    """[7] The handover registers the unit's seal in use, with the receiver as keeper."""
    app = f.handed_over_application(office)
    assert app.state == ApplicationState.HANDED_OVER
    assert app.seal.unit == office.units["township"]
    assert app.seal.keeper_name == "才仁多杰"
