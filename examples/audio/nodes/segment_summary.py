"""Describes each stretch of speech VadNode found: where it is and how loud, without its samples."""
import array
import math


class SegmentSummary:
    def process(self, segment):
        samples = array.array("f", segment.tobytes())
        power = sum(x * x for x in samples) / max(1, len(samples))
        level = 10 * math.log10(power) if power > 0 else -120.0
        yield {"start": segment.start, "end": segment.end,
               "seconds": round(segment.end - segment.start, 3), "level_db": round(level, 1)}
