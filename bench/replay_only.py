"""A process that only replays, for py-spy: stores one conversation once, then loads it whole.

    .venv/bin/python bench/replay_only.py --url sqlite:///var/replay.db store   # once: its id
    .venv/bin/py-spy record -r 250 -f raw -o var/replay.raw -- \
        .venv/bin/python bench/replay_only.py --url sqlite:///var/replay.db replay ID
    .venv/bin/python bench/replay_only.py summarise var/replay.raw   # % of the replay's samples
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))

from replay import store_conversation  # noqa: E402

from infrastructure.eventstore import open_event_store  # noqa: E402


def summarise(raw: str, top: int = 12) -> None:
    """The functions under repository.get's reconstruction, by own and by total samples."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for line in Path(raw).read_text().splitlines():
        stack, samples_text = line.rsplit(" ", 1)
        frames = stack.split(";")
        if not any("_reconstruct_aggregate" in frame for frame in frames):
            continue  # the imports, the store's opening
        own[frames[-1]] += int(samples_text)
        total.update(dict.fromkeys(set(frames), int(samples_text)))
    samples = sum(own.values())
    print(f"{samples} samples in the replay; by own samples:")
    for frame, count in own.most_common(top):
        print(f"{100 * count / samples:6.1f}  {frame}")
    print("by total samples:")
    for frame, count in total.most_common(top + 4)[4:]:  # past main and the repository's get
        print(f"{100 * count / samples:6.1f}  {frame}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="sqlite:///var/replay.db")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("action", choices=("store", "replay", "summarise"))
    parser.add_argument("conversation", nargs="?", help="its id; for summarise, the raw file")
    args = parser.parse_args()
    if args.action == "summarise":
        summarise(args.conversation)
        return
    store = open_event_store(args.url)
    try:
        if args.action == "store":
            print(store_conversation(store, args.events))
            return
        conversation_id = UUID(args.conversation)
        for _ in range(args.repeats):
            cpu = time.process_time()
            version: int = store.repository.get(conversation_id).version
            took = time.process_time() - cpu
            print(f"{version:,} events, CPU {version / took:,.0f} events/s", flush=True)
    finally:
        store.close()


if __name__ == "__main__":
    main()
