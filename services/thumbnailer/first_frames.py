"""The first keyframe's small picture of the clips whose still was made last, for their preview jobs to start from."""

from __future__ import annotations

from collections import OrderedDict

from PIL import Image

# 64 pictures of 320 x 180 RGB: 11 MB. Enough when a clip's preview job follows its thumbnail job closely (a camera
# slower than the decoders); a backlog of previews decodes the first keyframe again.
KEPT = 64


class FirstFrames:
    """A small most-recently-made cache keyed by the clip's keyframe pack; each picture is handed out once."""

    def __init__(self, kept: int = KEPT) -> None:
        """Keep at most `kept` pictures."""
        self._pictures: OrderedDict[str, Image.Image] = OrderedDict()
        self._kept = kept

    def keep(self, pack_key: str, picture: Image.Image | None) -> None:
        """Remember a still's small picture (None: nothing to keep)."""
        if picture is None:
            return
        self._pictures[pack_key] = picture
        self._pictures.move_to_end(pack_key)
        while len(self._pictures) > self._kept:
            self._pictures.popitem(last=False)

    def take(self, pack_key: str) -> Image.Image | None:
        """The picture kept for this pack, forgotten as it is handed out (None: decode it)."""
        return self._pictures.pop(pack_key, None)
