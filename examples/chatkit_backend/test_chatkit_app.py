import io
import json
import os
import subprocess
import sys

from chatkit.server import ChatKitServer

from chatkit_app import SupportChatKitServer

HERE = os.path.dirname(os.path.abspath(__file__))


def user_input(text):
    return {"content": [{"type": "input_text", "text": text}]}


def test_server_subclasses_the_sdk_base_class(server):
    assert isinstance(server, ChatKitServer)
    assert isinstance(server, SupportChatKitServer)


def test_create_thread_streams_user_and_assistant_items(send):
    events = send("threads.create", {"input": user_input("Where is my order 1044?")})
    assert [event["type"] for event in events] == ["thread.created", "thread.item.done", "thread.item.done"]
    assert events[0]["thread"]["id"] == "thr_1"
    user_item, reply = events[1]["item"], events[2]["item"]
    assert (user_item["id"], user_item["type"]) == ("msg_1", "user_message")
    assert (reply["id"], reply["type"]) == ("msg_2", "assistant_message")
    assert reply["content"][0]["text"] == "Order 1044 was delivered."
    assert reply["created_at"] == "2025-01-01T12:00:03+00:00"


def test_thread_is_persisted_with_title_and_items(send, db):
    send("threads.create", {"input": user_input("What does invoice INV-7 cover on my account?")})
    send("threads.add_user_message", {"thread_id": "thr_1", "input": user_input("And shipping times?")})
    thread = send("threads.get_by_id", {"thread_id": "thr_1"})
    assert thread["title"] == "What does invoice INV-7 cover on my a..."
    texts = [item["content"][0]["text"] for item in thread["items"]]
    assert texts[1] == "Invoice INV-7 for $49.00 is paid."
    assert texts[3].startswith("Standard shipping takes 3-5 business days")
    assert len(db.load_items("thr_1")) == 4


def test_memory_carries_across_threads(send):
    events = send("threads.create", {"input": user_input("My name is Ada")})
    assert events[-1]["item"]["content"][0]["text"] == "Nice to meet you, Ada! How can I help today?"
    events = send("threads.create", {"input": user_input("Where is order 1043?")})
    assert events[-1]["item"]["content"][0]["text"] == "Ada, order 1043 is being prepared in our warehouse."


def test_threads_are_private_to_their_user(send, db):
    send("threads.create", {"input": user_input("hello")}, user_id="ada")
    app = __import__("main").create_app()
    body = json.dumps({"type": "threads.get_by_id", "params": {"thread_id": "thr_1"}}).encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/chatkit", "HTTP_X_USER_ID": "eve",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    statuses = []
    app(environ, lambda status, headers: statuses.append(status))
    assert statuses == ["404 Not Found"]


def test_unknown_request_type_is_a_bad_request(db):
    app = __import__("main").create_app()
    body = b'{"type": "threads.delete", "params": {}}'
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/chatkit", "CONTENT_LENGTH": str(len(body)),
               "wsgi.input": io.BytesIO(body)}
    statuses = []
    payload = app(environ, lambda status, headers: statuses.append(status))
    assert statuses == ["400 Bad Request"]
    assert "threads.delete" in json.loads(b"".join(payload))["error"]


def test_main_check(tmp_path):
    env = dict(os.environ, CHATKIT_DB_PATH=str(tmp_path / "check.db"))
    result = subprocess.run([sys.executable, "main.py", "--check"], cwd=HERE, env=env,
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr
