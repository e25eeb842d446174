"""Why a clip's facts could not be learned, as a per-clip status with a readable reason."""


class ClipProblem(Exception):
    """A clip that cannot be probed; .status is the per-clip status reported by the API."""

    status: str = "unreadable"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ClipIncomplete(ClipProblem):
    """The clip was cut off (power loss, still being written): its index or data is missing."""

    status = "incomplete"


class ClipUnreadable(ClipProblem):
    """The file is empty, not an MP4, or its boxes are corrupt."""

    status = "unreadable"
