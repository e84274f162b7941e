class Square:
    def __init__(self, side=1):
        self.side = side

    def process(self, item):
        return item * self.side


class Outline:
    """Has no process() method."""

    def draw(self, item):
        return item


CIRCLE = "not a class"
