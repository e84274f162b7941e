"""A toy keyword sentiment scorer: one output per sentence, a summary at end of stream."""
import re


class KeywordSentiment:
    def __init__(self, positive=(), negative=()):
        self.positive = set(positive)
        self.negative = set(negative)
        self.scores = []

    def process(self, item):
        # Items come from TextProcessorNode: {"original_text": ..., "results": {...}}.
        for sentence in re.split(r"(?<=[.!?])\s+", item["original_text"]):
            words = re.findall(r"[a-z']+", sentence.lower())
            score = sum(w in self.positive for w in words) - sum(w in self.negative for w in words)
            self.scores.append(score)
            yield {"sentence": sentence, "score": score}

    def flush(self):
        return [{"sentences": len(self.scores), "total": sum(self.scores)}]
