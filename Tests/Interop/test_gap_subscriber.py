"""The pyzmq example subscriber against a hand-driven replay ROUTER: a deterministic check of the
replay rules in docs/protocol.md §5."""
import json
import threading

import zmq

from conftest import free_port
from gap_subscriber import GapSubscriber


def answer_one_replay(router, events, through):
    """Serve one REPLAY request: the given (sequence, topic) events, then END."""
    identity, command, request_id, producer, first, last, *prefixes = router.recv_multipart()
    assert command == b"REPLAY" and producer == b"p" and prefixes == [b"task."]
    for sequence, topic in events:
        payload = json.dumps({"specversion": "1.0", "id": str(sequence), "source": "/p", "type": "t"}).encode()
        router.send_multipart([identity, b"EVENT", request_id, topic, b"p", b"1", str(sequence).encode(), payload])
    router.send_multipart([identity, b"END", request_id, str(through).encode(), b"1"])
    return int(first), int(last)


def test_a_replay_with_filtered_gaps_releases_every_matching_event_in_order():
    context = zmq.Context()
    router = context.socket(zmq.ROUTER)
    router.setsockopt(zmq.LINGER, 0)
    port = router.bind_to_random_port("tcp://127.0.0.1")
    subscriber = GapSubscriber(f"tcp://127.0.0.1:{free_port()}", ["task."], context=context)
    subscriber.replay_endpoint["p"] = f"tcp://127.0.0.1:{port}"
    subscriber.head["p"] = 8                      # a heartbeat said: published through 8
    asked = {}
    server = threading.Thread(target=lambda: asked.update(range=answer_one_replay(
        router, [(1, b"task.a"), (2, b"task.a"), (3, b"task.b"), (5, b"task.a")], through=8)))
    server.start()
    delivered = subscriber.poll(10)               # notices 1…8 missing and fetches it
    server.join(5)
    assert asked["range"] == (1, 8)
    assert [e["sequence"] for e in delivered] == [1, 2, 3, 5], "4 was another topic; 5 must not be held back"
    assert subscriber.applied["p"] == 8 and not subscriber.pending["p"]
    subscriber.close()
    router.close()
    context.term()


def test_a_replay_that_times_out_is_asked_again_on_a_fresh_socket():
    """The producer died with a request in flight: the subscriber gives up after its time-out, drops that
    socket, and asks again (here, the new producer's endpoint) — the events still arrive once, in order."""
    context = zmq.Context()
    silent = context.socket(zmq.ROUTER)          # receives the request and never answers, like a killed producer
    silent.setsockopt(zmq.LINGER, 0)
    silent_port = silent.bind_to_random_port("tcp://127.0.0.1")
    router = context.socket(zmq.ROUTER)
    router.setsockopt(zmq.LINGER, 0)
    port = router.bind_to_random_port("tcp://127.0.0.1")
    subscriber = GapSubscriber(f"tcp://127.0.0.1:{free_port()}", ["task."], context=context, replay_timeout=0.3)
    subscriber.replay_endpoint["p"] = f"tcp://127.0.0.1:{silent_port}"
    subscriber.head["p"] = 2
    assert subscriber.poll(10) == [], "nothing from a producer that does not answer"
    assert "p" not in subscriber.dealers, "the timed-out socket is closed and forgotten"
    subscriber.replay_endpoint["p"] = f"tcp://127.0.0.1:{port}"   # the restarted producer's heartbeat
    server = threading.Thread(target=lambda: answer_one_replay(router, [(1, b"task.a"), (2, b"task.a")], through=2))
    server.start()
    delivered = subscriber.poll(10)
    server.join(5)
    assert [e["sequence"] for e in delivered] == [1, 2]
    subscriber.close()
    for socket in (silent, router):
        socket.close()
    context.term()
