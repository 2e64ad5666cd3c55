import base64
import os
from pathlib import Path
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser

SIGNAL = "fsm-screenshot:"


class TourScreenshotMixin:
    """Tours log ``fsm-screenshot:<name>`` where a screenshot of the screen is worth keeping.

    With ``FSM_SCREENSHOTS=<folder>`` set, each of these steps saves ``<folder>/<name>.png``
    through the Chrome DevTools protocol (used for docs/screenshots/); without it nothing is
    written. A test can do more at these steps by extending ``_tour_checkpoint``.
    """

    def _tour_checkpoint(self, browser, name):
        """The tour reached the step ``name``: save the screen when FSM_SCREENSHOTS says where.
        Runs in the browser's message thread: ask the browser, never wait for its answer here."""
        folder = os.environ.get("FSM_SCREENSHOTS")
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)

        def save(future):
            Path(folder, f"{name}.png").write_bytes(base64.b64decode(future.result()["data"]))

        future = browser._websocket_send("Page.captureScreenshot", params={"format": "png"}, with_future=True)
        future.add_done_callback(save)

    def start_tour(self, url_path, tour_name, step_delay=None, **kwargs):
        handle_console = ChromeBrowser._handle_console
        test = self

        def handle_console_with_checkpoints(browser, *args_type, args=None, stackTrace=None, **kw):
            message = browser._from_remoteobject(args[0]) if args else ""
            if isinstance(message, str) and message.startswith(SIGNAL):
                test._tour_checkpoint(browser, message.removeprefix(SIGNAL))
                return None
            return handle_console(browser, *args_type, args=args, stackTrace=stackTrace, **kw)

        with patch.object(ChromeBrowser, "_handle_console", handle_console_with_checkpoints):
            return super().start_tour(url_path, tour_name, step_delay=step_delay, **kwargs)
