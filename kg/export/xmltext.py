"""Text made safe for XML 1.0, at the boundary of every XML export.

XML 1.0 cannot carry most C0 control characters, U+FFFE/U+FFFF or lone surrogates, not even as
character references, so an export that wrote them would not parse. They become U+FFFD.
"""

from __future__ import annotations

import re

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
