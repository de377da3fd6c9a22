"""The Celery broker of `make run` without Redis: kombu's filesystem transport, drained in short rounds.

With no file descriptor to wait on, the worker cannot use its event loop and drains the broker in a blocking
loop (celery.worker.loops.synloop) that asks for 2 s rounds and looks at its shutdown flag only between them —
and, having seen it, drains one round more. A SIGTERM from honcho was therefore acted on 2-4 s late. Rounds of
half a second keep `make run`'s stop well inside honcho's 5 s grace (tests/test_make_run_stops.py).
"""

from kombu.transport import filesystem

ROUND_SECONDS = 0.5


class Transport(filesystem.Transport):
    def drain_events(self, connection, timeout=None):
        # No timeout means "wait for a message": left as it is. A timed round is only ever shortened.
        if timeout is not None:
            timeout = min(timeout, ROUND_SECONDS)
        return super().drain_events(connection, timeout=timeout)
