"""Abstract persistence interface a ChatKit server talks to (stand-in subset)."""
from abc import ABC, abstractmethod


class NotFoundError(Exception):
    pass


class Store(ABC):
    @abstractmethod
    def generate_thread_id(self, context): ...

    @abstractmethod
    def generate_item_id(self, item_type, thread, context): ...

    @abstractmethod
    async def load_thread(self, thread_id, context): ...

    @abstractmethod
    async def save_thread(self, thread, context): ...

    @abstractmethod
    async def load_thread_items(self, thread_id, after, limit, order, context): ...

    @abstractmethod
    async def add_thread_item(self, thread_id, item, context): ...

    @abstractmethod
    async def delete_thread(self, thread_id, context): ...
