import re
from collections import Counter
WORD = re.compile(r"[a-z]+")
class Words:
    def process(self, item):
        text = (item + " ") * 20
        counts = Counter(WORD.findall(text.lower()))
        acc = 0
        for i in range(2000):
            acc = (acc * 31 + i) % 1000003
        return {"top": counts.most_common(1)[0][0], "n": sum(counts.values()), "acc": acc}
