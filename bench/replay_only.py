"""A process that only replays, for py-spy: stores one conversation once, then loads it whole.

    .venv/bin/python bench/replay_only.py --url sqlite:///var/replay.db store   # once: its id
    .venv/bin/py-spy record -r 250 -f raw -o var/replay.raw -- \
        .venv/bin/python bench/replay_only.py --url sqlite:///var/replay.db replay ID
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))

from replay import store_conversation  # noqa: E402

from infrastructure.eventstore import open_event_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="sqlite:///var/replay.db")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("action", choices=("store", "replay"))
    parser.add_argument("conversation", nargs="?")
    args = parser.parse_args()
    store = open_event_store(args.url)
    try:
        if args.action == "store":
            print(store_conversation(store, args.events))
            return
        conversation_id = UUID(args.conversation)
        for _ in range(args.repeats):
            cpu = time.process_time()
            version = store.repository.get(conversation_id).version
            took = time.process_time() - cpu
            print(f"{version:,} events, CPU {version / took:,.0f} events/s", flush=True)
    finally:
        store.close()


if __name__ == "__main__":
    main()
