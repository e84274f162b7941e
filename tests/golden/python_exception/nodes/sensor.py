class BadReading(ValueError):
    pass


def check(reading):
    if reading < 0:
        raise BadReading("negative reading %d" % reading)
    return reading


class Sensor:
    def process(self, item):
        try:
            return check(item["reading"])
        except BadReading as error:
            raise RuntimeError("sensor failed") from error
