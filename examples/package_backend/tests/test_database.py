from backend.database import count, delete, load, load_all, reset, save


def test_save_and_load_round_trip():
    assert save("items", "mug", {"name": "Mug", "price_cents": 1250}) == "mug"
    assert load("items", "mug") == {"name": "Mug", "price_cents": 1250}
    assert load("items", "missing") is None
    assert load("users", "mug") is None  # kinds are separate namespaces


def test_save_replaces_existing_records():
    save("items", "mug", {"v": 1})
    save("items", "mug", {"v": 2})
    assert count("items") == 1
    assert load("items", "mug") == {"v": 2}


def test_load_all_is_ordered_by_key():
    for key in ("c", "a", "b"):
        save("items", key, {"key": key})
    assert [record["key"] for record in load_all("items")] == ["a", "b", "c"]


def test_delete():
    save("items", "mug", {})
    assert delete("items", "mug") is True
    assert delete("items", "mug") is False
    assert count("items") == 0


def test_in_memory_database_is_discarded_by_reset():
    save("items", "mug", {})
    reset()
    assert load_all("items") == []


def test_file_database_via_env_var(tmp_path, monkeypatch):
    path = tmp_path / "catalog.db"
    monkeypatch.setenv("BACKEND_DB", str(path))
    reset()
    save("items", "mug", {"name": "Mug"})
    reset()
    assert path.exists()
    assert load("items", "mug") == {"name": "Mug"}
