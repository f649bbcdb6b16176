"""Two sessions of one shop writing the same customer never lose an update."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from infrastructure.settings import Settings
from interfaces.bootstrap import bootstrap
from tests.conftest import FixedClock

THREADS = 8
CREDITS = 50
# Eight applications at once: keep each pool small so they fit in max_connections with others.
SMALL_POOL = {"postgres_pool_size": 2, "postgres_max_overflow": 2}


def test_eight_writers_fifty_credits_each_lose_nothing(database_url: str) -> None:
    # Each writer has its own application, as two server processes would.
    writers = [
        bootstrap(Settings(database_url=database_url, **SMALL_POOL), clock=FixedClock())
        for _ in range(THREADS)
    ]
    try:
        writers[0].khata.open_shop("s1", "Shop")
        rahul = str(writers[0].khata.register_customer("s1", "Rahul", "c1")["customer_id"])

        def write(index: int) -> None:
            for number in range(CREDITS):
                writers[index].khata.give_credit("s1", rahul, 100, f"w{index}-{number}")

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(write, range(THREADS)))

        account = writers[0].khata.account("s1", rahul)
        assert account.balance == THREADS * CREDITS * 100
        credits = [
            record
            for record in writers[0].store.recorder.select_notifications(0, 100_000)
            if record.topic == "bolkhata:CustomerAccount.CreditGiven"
        ]
        assert len(credits) == THREADS * CREDITS
        assert account.version == 1 + THREADS * CREDITS
    finally:
        for writer in writers:
            writer.close()
