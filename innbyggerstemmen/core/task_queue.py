"""Handing work to a worker after the commit, without failing the request when the broker is away.

The database row is the fact: an e-mail, a requested PDF, a confirmed import, recipients to
invite. With Redis down when the transaction commits, the request still succeeds (what the user
did is saved) and the owning app's sweeper queues the work again from its row once the broker is
back. Only broker errors are caught: a task that runs in-process (no REDIS_URL) raises its own
errors as before.
"""
import logging
from datetime import timedelta

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, OSError)

# Work still not done this long after it was asked for lost its task (a killed worker, a broker
# outage, retries used up): the owning app's sweeper queues it again. Longer than a batch waits
# in a busy queue, short enough that nothing waits long.
STALLED_AFTER = timedelta(minutes=3)


def enqueue(task, *args) -> bool:
    """Queue ``task(*args)`` now; False (logged) when the broker cannot be reached."""
    try:
        task.delay(*args)
    except BROKER_ERRORS as error:
        logger.warning("Task %s not queued (%s); its sweeper queues it again.", task.name, error)
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (see the module's docstring)."""
    transaction.on_commit(lambda: enqueue(task, *args))
