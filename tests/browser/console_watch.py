"""What a page reports while it is visited: console errors and warnings, uncaught exceptions, failed requests."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.async_api import ConsoleMessage, Page, Request, Response


@dataclass
class ConsoleWatch:
    """Collects everything a clean visit must not produce, from the moment it is attached to a tab."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> ConsoleWatch:
        """Listen to the tab's console, page errors, responses and failed requests."""
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        """Errors and warnings the page logs (Chromium logs every failed request as an error, too)."""
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text} ({message.location.get('url', '')})")

    def _response(self, response: Response) -> None:
        """Answers of 400 and more."""
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.request.method} {response.url}")

    def _failed(self, request: Request) -> None:
        """Requests that got no answer; a stream the page closes on leaving is not a failure."""
        failure = request.failure or ""
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"failed {request.method} {request.url}: {failure}")
