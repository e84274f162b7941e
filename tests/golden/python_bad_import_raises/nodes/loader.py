import json


def load_settings():
    return json.loads("{'single': 'quotes'}")


SETTINGS = load_settings()


class Loader:
    def process(self, item):
        return item
