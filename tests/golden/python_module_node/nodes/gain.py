"""A gain: multiplies numbers, and float32 audio and tensors sample by sample."""
import array

from remotemedia import Audio, Tensor


class Gain:
    def __init__(self, factor=1.0):
        self.factor = factor

    def scaled(self, item):
        # memoryview reads the runtime's samples in place (format "f", the item's shape);
        # n-d views are flattened through a byte cast before iterating.
        view = memoryview(item)
        if view.ndim != 1:
            view = view.cast("B").cast(view.format)
        return array.array("f", (x * self.factor for x in view))

    def process(self, item):
        if isinstance(item, Audio):
            return Audio(self.scaled(item), item.sample_rate, item.channels)
        if isinstance(item, Tensor):
            return Tensor(self.scaled(item), shape=item.shape)
        return item * self.factor
