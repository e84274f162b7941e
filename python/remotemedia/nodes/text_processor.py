"""TextProcessorNode: text operations on a string, reported side by side."""

_OPERATIONS = {
    "uppercase": str.upper,
    "lowercase": str.lower,
    "title": str.title,
    "capitalize": str.capitalize,
    "swapcase": str.swapcase,
    "reverse": lambda text: text[::-1],
    "strip": str.strip,
    "word_count": lambda text: len(text.split()),
    "char_count": len,
    "line_count": lambda text: len(text.splitlines()),
    "words": str.split,
}


class TextProcessorNode:
    """For a str item, or a dict item with a str "text" field, emits
    {"original_text": text, "results": {operation: result, ...}} with the results in the order
    of `operations`. Any other item is a TypeError.
    """

    OPERATIONS = tuple(_OPERATIONS)

    def __init__(self, operations=("uppercase", "word_count")):
        problem = self.check_params({"operations": operations})
        if problem is not None:
            raise ValueError(problem[1])
        self.operations = list(operations)

    @staticmethod
    def check_params(params):
        """None, or (param name, message) for params this node cannot run with."""
        operations = params.get("operations")
        if not isinstance(operations, (list, tuple)) or not operations:
            return "operations", "operations must be a non-empty list of operation names"
        for operation in operations:
            if operation not in _OPERATIONS:
                return "operations", "unknown operation %r; known operations: %s" % (
                    operation,
                    ", ".join(_OPERATIONS),
                )
        return None

    def process(self, item):
        if isinstance(item, str):
            text = item
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            text = item["text"]
        else:
            raise TypeError(
                "TextProcessorNode needs a str item or a dict with a str 'text' field, got %s"
                % type(item).__name__
            )
        results = {operation: _OPERATIONS[operation](text) for operation in self.operations}
        return {"original_text": text, "results": results}
