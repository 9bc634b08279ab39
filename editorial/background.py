"""
Work a committed change starts for the readers, done beside the writer
rather than in its request: the downloads' rebuild, the stored counts.
"""

import logging
import threading

from django.db import connections

logger = logging.getLogger("rolwijzer.background")


class AfterChange:
    """
    Runs `work` in a thread of its own, a moment after a change: one at a
    time per process, and once more if a change comes while it runs (it may
    have passed that change) but not while it waits to start, so the several
    writes of one save in the admin start it once. A thread, not a daemon: a
    command that changed the knowledge (load_articles) ends once the work is
    done.
    """

    DELAY_SECONDS = 0.2

    def __init__(self, work, what):
        self.work = work
        self.what = what
        self.lock = threading.Lock()
        self.thread = None
        self.running = False
        self.again = False

    def start(self):
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Timer(self.DELAY_SECONDS, self.run)
                self.thread.start()
            elif self.running:
                self.again = True

    def run(self):
        try:
            while True:
                with self.lock:
                    self.running = True
                self.work()
                with self.lock:
                    self.running = False
                    if not self.again:
                        # Under the lock: a change from now on starts a new thread.
                        self.thread = None
                        return
                    self.again = False
        except Exception:
            logger.exception("Could not %s", self.what)
            with self.lock:
                self.running = False
                self.thread = None
        finally:
            connections.close_all()
