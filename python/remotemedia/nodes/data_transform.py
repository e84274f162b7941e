"""DataTransformNode: field-level transforms of dict items, applied in order.

Each transform is a dict with an "op" and its arguments. "field" (and "to") are dotted paths
into nested dicts ("user.name"). A transform whose field is missing does nothing, except set
and default, which create the field (and missing parent dicts).

    op          arguments               effect
    rename      field, to               moves the value to `to`
    copy        field, to               copies the value to `to`
    set         field, value            sets the field
    default     field, value            sets the field only when it is missing
    delete      field                   removes the field
    select      fields                  keeps only the listed fields, in the listed order
    uppercase   field                   str.upper()
    lowercase   field                   str.lower()
    strip       field                   str.strip()
    scale       field, factor           multiplies a number
    offset      field, amount           adds to a number
    round       field, digits=0         rounds a number (to an int when digits is 0)
    to_int      field                   int(value); floats truncate toward zero
    to_float    field                   float(value)
    to_str      field                   str(value)
"""

_MISSING = object()

# op -> (required arguments, optional arguments)
_SIGNATURES = {
    "rename": (("field", "to"), ()),
    "copy": (("field", "to"), ()),
    "set": (("field", "value"), ()),
    "default": (("field", "value"), ()),
    "delete": (("field",), ()),
    "select": (("fields",), ()),
    "uppercase": (("field",), ()),
    "lowercase": (("field",), ()),
    "strip": (("field",), ()),
    "scale": (("field", "factor"), ()),
    "offset": (("field", "amount"), ()),
    "round": (("field",), ("digits",)),
    "to_int": (("field",), ()),
    "to_float": (("field",), ()),
    "to_str": (("field",), ()),
}


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_transform(transform):
    if not isinstance(transform, dict):
        return "must be a dict with an 'op'"
    op = transform.get("op")
    if op not in _SIGNATURES:
        return "unknown op %r; known ops: %s" % (op, ", ".join(_SIGNATURES))
    required, optional = _SIGNATURES[op]
    for name in required:
        if name not in transform:
            return "op %r needs %r" % (op, name)
    for name in transform:
        if name != "op" and name not in required and name not in optional:
            return "op %r takes no %r" % (op, name)
    for name in ("field", "to"):
        if name in transform and not (isinstance(transform[name], str) and transform[name]):
            return "%r must be a non-empty string" % name
    if op == "select":
        fields = transform["fields"]
        if not isinstance(fields, list) or not all(isinstance(f, str) and f for f in fields):
            return "'fields' must be a list of non-empty strings"
    if op == "scale" and not _is_number(transform["factor"]):
        return "'factor' must be a number"
    if op == "offset" and not _is_number(transform["amount"]):
        return "'amount' must be a number"
    if op == "round" and not isinstance(transform.get("digits", 0), int):
        return "'digits' must be an int"
    return None


def _parent(item, path, create):
    """(dict holding the last key, last key), or (None, key) when a parent is missing."""
    keys = path.split(".")
    node = item
    for key in keys[:-1]:
        child = node.get(key, _MISSING)
        if child is _MISSING and create:
            child = node[key] = {}
        if not isinstance(child, dict):
            return None, keys[-1]
        node = child
    return node, keys[-1]


def _get(item, path):
    parent, key = _parent(item, path, False)
    return _MISSING if parent is None else parent.get(key, _MISSING)


def _set(item, path, value):
    parent, key = _parent(item, path, True)
    if parent is None:
        raise TypeError("cannot set %r: a parent of it is not a dict" % path)
    parent[key] = value


def _delete(item, path):
    parent, key = _parent(item, path, False)
    if parent is not None:
        parent.pop(key, None)


def _clone(value):
    """A copy of a param value, so items never share (and mutate) the node's params."""
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def _number(op, path, value):
    if not _is_number(value):
        raise TypeError("%s needs a number in %r, got %s" % (op, path, type(value).__name__))
    return value


def _text(op, path, value):
    if not isinstance(value, str):
        raise TypeError("%s needs a str in %r, got %s" % (op, path, type(value).__name__))
    return value


def _apply(item, t):
    op = t["op"]
    if op == "select":
        selected = {}
        for path in t["fields"]:
            value = _get(item, path)
            if value is not _MISSING:
                _set(selected, path, value)
        return selected
    path = t["field"]
    if op == "set":
        _set(item, path, _clone(t["value"]))
        return item
    value = _get(item, path)
    if value is _MISSING:
        if op == "default":
            _set(item, path, _clone(t["value"]))
        return item
    if op == "rename":
        _delete(item, path)
        _set(item, t["to"], value)
    elif op == "copy":
        _set(item, t["to"], _clone(value))
    elif op == "delete":
        _delete(item, path)
    elif op == "uppercase":
        _set(item, path, _text(op, path, value).upper())
    elif op == "lowercase":
        _set(item, path, _text(op, path, value).lower())
    elif op == "strip":
        _set(item, path, _text(op, path, value).strip())
    elif op == "scale":
        _set(item, path, _number(op, path, value) * t["factor"])
    elif op == "offset":
        _set(item, path, _number(op, path, value) + t["amount"])
    elif op == "round":
        digits = t.get("digits", 0)
        number = _number(op, path, value)
        _set(item, path, round(number) if digits == 0 else round(number, digits))
    elif op == "to_int":
        _set(item, path, int(value))
    elif op == "to_float":
        _set(item, path, float(value))
    elif op == "to_str":
        _set(item, path, value if isinstance(value, str) else str(value))
    return item


class DataTransformNode:
    """Applies `transforms` (see the module docstring) to each dict item and emits the result.
    Any other item is a TypeError."""

    def __init__(self, transforms=()):
        problem = self.check_params({"transforms": transforms})
        if problem is not None:
            raise ValueError(problem[1])
        self.transforms = [dict(t) for t in transforms]

    @staticmethod
    def check_params(params):
        """None, or (param name, message) for params this node cannot run with."""
        transforms = params.get("transforms")
        if not isinstance(transforms, (list, tuple)):
            return "transforms", "transforms must be a list"
        for index, transform in enumerate(transforms):
            problem = _check_transform(transform)
            if problem is not None:
                return "transforms", "transforms[%d]: %s" % (index, problem)
        return None

    def process(self, item):
        if not isinstance(item, dict):
            raise TypeError("DataTransformNode needs dict items, got %s" % type(item).__name__)
        for transform in self.transforms:
            item = _apply(item, transform)
        return item
