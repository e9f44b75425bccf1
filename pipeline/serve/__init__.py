"""`bantin serve`: a local preview and correction desk in the browser (see `desk`, `app`)."""

from __future__ import annotations

import errno
import logging
import socket
import threading
import webbrowser
from pathlib import Path

from ..config import Config
from ..errors import BantinError
from ..i18n import _

log = logging.getLogger("pipeline")

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve(config: Config, *, config_file: Path | None = None, host: str = "127.0.0.1",
          port: int = 8000, open_browser: bool = False, language: str = "vi",
          watch: bool = True) -> None:
    """Serve the project until Ctrl-C: read it now, build it behind, rebuild on change."""
    import uvicorn

    from .app import make_app
    from .desk import Desk

    if host not in LOCAL_HOSTS:
        log.warning(_("serving on %s: anyone who can reach this machine on port %d can see"
                      " and correct the articles; use the default 127.0.0.1 unless you mean"
                      " it"), host, port)
    listener = _listen(host, port)
    desk = Desk(config, config_file)
    app = make_app(desk, language=language,
                   hosts=() if host in LOCAL_HOSTS else (host,))
    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: object) -> None:
            desk.stopping()  # answers the pages' waiting requests: the server stops at once
            super().handle_exit(sig, frame)  # type: ignore[arg-type]

    server = Server(uvicorn.Config(app, log_level="warning", lifespan="off",
                                   timeout_graceful_shutdown=2))
    logging.getLogger("uvicorn.error").addFilter(_one_line)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{listener.getsockname()[1]}/"
    desk.start(watch=watch)
    # The address stays the last word but one: scripts and tests read it from this line.
    print(_("Serving {project} at {url} (Ctrl-C stops)").format(project=config.project.resolve(),
                                                                 url=url), flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run(sockets=[listener])
    finally:
        desk.stop()


def _one_line(record: logging.LogRecord) -> bool:
    """A page that failed is one line in the terminal (its error is shown in the page)."""
    if record.exc_info and record.exc_info[1] is not None:
        record.msg = _("a page failed: %s (the page says more)")
        record.args = (record.exc_info[1],)
        record.exc_info = record.exc_text = None
    return True


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, or one clear line when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            raise BantinError(_("port {port} on {host} is in use; stop what uses it or choose"
                                " another with --port").format(port=port, host=host)) from None
        raise BantinError(_("cannot listen on {host}:{port} ({reason}); check --host and"
                            " --port").format(host=host, port=port,
                                              reason=exc.strerror or exc)) from None
    listener.listen(128)
    return listener
