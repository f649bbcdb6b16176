"""A projection worker's own Prometheus endpoint: lag and leadership per projection.

A worker serves no HTTP otherwise; `bolkhata projections run --metrics-port P` starts this one
on loopback. The servers' /metrics shows the same lag as seen from the tracked positions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from infrastructure.workers import Workers


class WorkerCollector(Collector):
    def __init__(self, workers: Workers) -> None:
        self.workers = workers
        self.worker = f"{os.uname().nodename}:{os.getpid()}"

    def collect(self) -> Iterator[GaugeMetricFamily]:
        lag = GaugeMetricFamily(
            "bolkhata_projection_lag_events",
            "Stored events a projection has not applied yet, seen by this worker.",
            labels=["projection", "worker"],
        )
        leader = GaugeMetricFamily(
            "bolkhata_projection_leader",
            "1 while this worker leads the projection, 0 on standby.",
            labels=["projection", "worker"],
        )
        restarts = GaugeMetricFamily(
            "bolkhata_projection_worker_restarts",
            "Times this worker's loop for a projection failed and started again.",
            labels=["projection", "worker"],
        )
        try:
            lags = self.workers.lag()
        except Exception:  # the database is away: report leadership only
            lags = {}
        for worker in self.workers.workers:
            labels = [worker.name, self.worker]
            if worker.name in lags:
                lag.add_metric(labels, lags[worker.name])
            leader.add_metric(labels, 1 if worker.state.leader else 0)
            restarts.add_metric(labels, worker.state.restarts)
        yield from (lag, leader, restarts)


def serve_metrics(workers: Workers, port: int, host: str = "127.0.0.1") -> None:
    registry = CollectorRegistry()
    registry.register(WorkerCollector(workers))
    start_http_server(port, addr=host, registry=registry)
