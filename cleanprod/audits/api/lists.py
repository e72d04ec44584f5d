"""(being written)"""


def register(router) -> None:
    pass
