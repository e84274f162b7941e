"""The `remotemedia` package, embedded in the runtime (no installation, no files on disk).

Tensor and Audio are the runtime's own array types: items arrive as them, and nodes return them.
Both share memory with the runtime without copying and expose it through the buffer protocol,
read-only, with their element format and shape::

    from remotemedia import Tensor, Audio

    view = memoryview(item)            # float32 samples in place, format "f"
    out = Tensor(array.array("f", values), shape=(2, 3))

resource(ref) returns the bytes of one of the node's pipeline resources: a file under its
directory ("vocab.txt"), under a mount ("/models/x.bin"), or bytes the host registered
("resource:NAME"). report_progress(done, total) reports how far the node's current work has got
to hosts that show it.

Built-in nodes live in remotemedia.nodes. See docs/python-nodes.md.
"""

from _remotemedia import Audio, Tensor, report_progress, resource

__all__ = ["Audio", "Tensor", "report_progress", "resource"]
