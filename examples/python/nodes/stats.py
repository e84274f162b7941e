"""Running statistics over numbers: one summary per item, the final summary at end of stream."""
import statistics


class RunningStats:
    def __init__(self, label="value"):
        self.label = label
        self.values = []

    def process(self, item):
        self.values.append(float(item))
        yield {self.label: item, "mean": statistics.fmean(self.values)}

    def flush(self):
        return [{"count": len(self.values), "median": statistics.median(self.values)}]
