from .item_service import create


def run():
    return create(" a ")
