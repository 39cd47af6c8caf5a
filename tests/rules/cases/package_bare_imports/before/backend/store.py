from chatkit.store import Store, default_generate_id


class MemoryStore(Store):
    def new_id(self) -> str:
        return default_generate_id("thread")
