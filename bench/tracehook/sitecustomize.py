"""Loaded by a server that bench/idle_memory.py starts (this folder first on PYTHONPATH): on each
SIGUSR1 writes a tracemalloc snapshot to $BOLKHATA_TRACE_PREFIX.<n>. Tracing starts at the first
signal, not at startup: traced imports take minutes on a busy machine."""

import itertools
import os
import signal
import tracemalloc

if os.environ.get("BOLKHATA_TRACE_PREFIX"):
    _count = itertools.count()

    def _dump(signum: int, frame: object) -> None:
        if not tracemalloc.is_tracing():
            tracemalloc.start(int(os.environ.get("BOLKHATA_TRACE_FRAMES", "12")))
        path = f"{os.environ['BOLKHATA_TRACE_PREFIX']}.{next(_count)}"
        tracemalloc.take_snapshot().dump(path + ".tmp")
        os.replace(path + ".tmp", path)  # the reader waits for the name: complete when seen

    signal.signal(signal.SIGUSR1, _dump)
