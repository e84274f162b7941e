"""Built-in Python nodes of the runtime (node types TextProcessorNode and DataTransformNode)."""

from .data_transform import DataTransformNode
from .text_processor import TextProcessorNode

__all__ = ["DataTransformNode", "TextProcessorNode"]
