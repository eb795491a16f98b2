"""Where in a YAML file a value is: the line of a key path, so validation errors read ``file:line``."""

from __future__ import annotations

from collections.abc import Sequence

import yaml


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (positions kept, aliases not expanded); None when it is empty."""
    return yaml.compose(text, Loader=yaml.SafeLoader)


def line_of(root: yaml.Node | None, loc: Sequence[str | int]) -> int:
    """The 1-based line of the value at ``loc`` (mapping keys and list indexes, as pydantic reports
    them), or of the deepest part of it that exists."""
    if root is None:
        return 1
    node, line = root, root.start_mark.line
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line
        else:
            break
    return line + 1
