"""What other apps do when the table decides a track (care: tell the region's care coordinators of
a care track, who open a trajectory from it). They register from their registrations.py: cases
sits below them and imports none."""
_listeners = []


def listen(callback):
    """`callback(track)` runs inside the decision's transaction, once per track decided."""
    _listeners.append(callback)


def announce(track):
    for callback in _listeners:
        callback(track)
