import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def login(call, username="alice", password="correct horse"):
    assert call("POST", "/register", {"username": username, "password": password})[0] == 201
    status, body = call("POST", "/login", {"username": username, "password": password})
    assert status == 200
    return body["token"]


def test_health(call):
    assert call("GET", "/health") == (200, {"documents": 4, "status": "ok"})


def test_register_validates_and_rejects_duplicates(call):
    status, body = call("POST", "/register", {"username": "bob", "password": "short"})
    assert status == 400 and "password" in body["fields"]
    assert call("POST", "/register", {"username": "bob", "password": "long enough"})[0] == 201
    status, body = call("POST", "/register", {"username": "Bob", "password": "long enough"})
    assert status == 400 and "taken" in body["error"]


def test_login_with_wrong_password_fails(call):
    login(call)
    assert call("POST", "/login", {"username": "alice", "password": "wrong password"})[0] == 401


def test_routes_require_a_valid_token(call):
    assert call("POST", "/sessions", {"title": "x"})[0] == 401
    assert call("POST", "/sessions", {"title": "x"}, token="garbage.token")[0] == 401


def test_token_expires(call, clock):
    token = login(call)
    clock.advance(3601)
    assert call("POST", "/sessions", {}, token=token) == (401, {"error": "missing or invalid token"})


def test_chat_over_http(call):
    token = login(call)
    status, body = call("POST", "/sessions", {"title": "Account help"}, token=token)
    assert status == 201 and body["session"]["id"] == "account-help"
    status, body = call("POST", "/sessions/account-help/messages",
                        {"content": "how do I delete my account"}, token=token)
    assert status == 201
    assert body["sources"][0] == "delete-account"
    status, body = call("GET", "/sessions/account-help/messages", token=token)
    assert [m["role"] for m in body["messages"]] == ["user", "assistant"]


def test_sessions_of_other_users_are_hidden(call):
    alice = login(call, "alice")
    call("POST", "/sessions", {"title": "Secret"}, token=alice)
    bob = login(call, "bob")
    assert call("GET", "/sessions/secret/messages", token=bob)[0] == 404


def test_invalid_json_and_unknown_routes(call):
    token = login(call)
    assert call("GET", "/nope", token=token)[0] == 404
    status, body = call("POST", "/sessions", ["not", "an", "object"], token=token)
    assert status == 400 and body["fields"] == {"body": "must be a JSON object"}


def test_chatkit_protocol(call):
    token = login(call)
    status, body = call("POST", "/chatkit", {"type": "threads.create", "params": {"title": "Kit"}}, token=token)
    assert status == 200 and body["type"] == "thread.created"
    thread_id = body["thread"]["id"]
    request = {"type": "threads.add_user_message", "params": {
        "thread_id": thread_id, "input": {"content": [{"type": "input_text", "text": "export conversations"}]}}}
    status, body = call("POST", "/chatkit", request, token=token)
    assert [event["type"] for event in body["events"]] == ["thread.item.added", "thread.item.done"]
    assert body["events"][1]["item"]["type"] == "assistant_message"
    assert body["events"][1]["sources"][0] == "export-chats"
    status, body = call("POST", "/chatkit", {"type": "threads.get_by_id", "params": {"thread_id": thread_id}},
                        token=token)
    assert len(body["thread"]["items"]) == 2
    assert call("POST", "/chatkit", {"type": "threads.delete"}, token=token)[0] == 400


def test_rate_limit_per_client(call, clock):
    statuses = [call("GET", "/health")[0] for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    clock.advance(1)
    assert call("GET", "/health")[0] == 200


def test_check_flag_prints_ok(tmp_path):
    env = dict(os.environ, APP_DB_PATH=str(tmp_path / "check.db"))
    result = subprocess.run([sys.executable, "main.py", "--check"], cwd=HERE, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
