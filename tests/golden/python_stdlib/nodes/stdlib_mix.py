"""Exercises stdlib modules; every result is deterministic."""
import collections
import datetime
import decimal
import fractions
import json
import math
import re
import statistics
import struct


class StdlibMix:
    def process(self, item):
        numbers = [int(n) for n in re.findall(r"\d+", item["text"])]
        words = collections.Counter(re.findall(r"[a-z]+", item["text"].lower()))
        day = datetime.date.fromisoformat(item["date"])
        price = decimal.Decimal(item["price"]) * item["qty"]
        packed = struct.pack("<hif", -2, 70000, 1.5)
        values = item["values"]
        return {
            "re": numbers,
            "collections": words.most_common(2),
            "ordered": list(collections.OrderedDict(sorted(item["record"].items()))),
            "json": json.dumps(item["record"], sort_keys=True, separators=(",", ":")),
            "struct": [packed.hex(), list(struct.unpack("<hif", packed))],
            "statistics": {
                "mean": statistics.mean(values),
                "median": statistics.median(values),
                "mode": statistics.mode(values),
                "pstdev": round(statistics.pstdev(values), 12),
            },
            "decimal": str(price.quantize(decimal.Decimal("0.01"))),
            "fractions": str(fractions.Fraction(3, 4) + fractions.Fraction(1, 6)),
            "datetime": [
                (day + datetime.timedelta(days=1)).isoformat(),
                day.strftime("%A %d %B %Y"),
                datetime.datetime(2024, 1, 1, 12, 30, tzinfo=datetime.timezone.utc).isoformat(),
            ],
            "math": [math.comb(10, 3), math.isqrt(99), math.fsum([0.1] * 10)],
        }
