from chatkit.store import Store, default_generate_id


class MemoryStore(Store):
    def new_thread(self) -> str:
        thread_id = default_generate_id("thread")
        self.threads[thread_id] = []
        return thread_id
