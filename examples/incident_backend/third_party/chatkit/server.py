class ChatKitServer:
    def __init__(self, store):
        self.store = store

    def respond(self, thread_id, text, context):
        raise NotImplementedError
