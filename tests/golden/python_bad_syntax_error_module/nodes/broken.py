class Broken:
    def process(self, item)
        return item
