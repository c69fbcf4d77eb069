"""The Prometheus client's limits: URL schemes, redirects, response size, proxies, errors."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ops_lint import prometheus_api
from ops_lint.errors import UsageError
from ops_lint.prometheus_api import Client, PrometheusError, check_url
from tests.slo.test_gate import project

Reply = Callable[[http.server.BaseHTTPRequestHandler], None]


@pytest.fixture
def server() -> Iterator[Callable[[Reply], str]]:
    """``server(reply) -> URL``: a local HTTP server answering every GET with ``reply``."""
    started: list[http.server.HTTPServer] = []

    def start(reply: Reply) -> str:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                reply(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        started.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> Reply:
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return reply


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org",
        "127.0.0.1:9090",
        "http://",
        "http://h/?q=1",
        "https://u:secret@h",
    ],
)
def test_only_http_urls_with_a_host_are_taken(url: str) -> None:
    with pytest.raises(UsageError, match="Prometheus URL"):
        check_url(url)


def test_a_file_url_is_a_usage_error_on_the_command_line(tmp_path: Path, ops_lint: Any) -> None:
    root = project(tmp_path, {"Checkout availability": "normal"})
    result = ops_lint(root, "gate", "--prometheus", "file:///etc/passwd")
    assert result.code == 2 and "not a Prometheus URL" in result.err


def test_a_vector_is_read_and_the_time_is_sent(server: Callable[[Reply], str]) -> None:
    seen: list[str] = []
    body = (
        b'{"status":"success","data":{"resultType":"vector",'
        b'"result":[{"metric":{"a":"b"},"value":[1,"0.25"]}]}}'
    )

    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        seen.append(handler.path)
        answer(200, body)(handler)

    url = server(reply)
    at = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    samples = Client(url + "/").query("up", at)
    assert [(s.labels, s.value) for s in samples] == [({"a": "b"}, 0.25)]
    assert seen == [f"/api/v1/query?query=up&time={at.timestamp():.3f}"]


def test_a_redirect_to_another_host_is_not_followed(server: Callable[[Reply], str]) -> None:
    url = server(answer(302, b"", {"Location": "http://example.org/api/v1/query"}))
    with pytest.raises(PrometheusError, match="redirected to another host"):
        Client(url).query("up")


def test_a_redirect_on_the_same_host_is_followed(server: Callable[[Reply], str]) -> None:
    ok = b'{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}'

    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        if handler.path.startswith("/prom/"):
            answer(200, ok)(handler)
        else:
            answer(301, b"", {"Location": "/prom" + handler.path})(handler)

    assert Client(server(reply)).query("1")[0].value == 2.0


def test_a_response_over_the_cap_is_an_error(
    server: Callable[[Reply], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prometheus_api, "MAX_BYTES", 100)
    url = server(answer(200, b"{" + b" " * 200 + b"}"))
    with pytest.raises(PrometheusError, match="response over 100 bytes"):
        Client(url).query("up")


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (200, b"<html>login</html>", "not JSON"),
        (200, b'{"status":"error","errorType":"timeout","error":"query timed out"}', "timeout"),
        (503, b'{"status":"error","errorType":"unavailable","error":"shutting down"}', "HTTP 503"),
        (200, b'{"status":"success","data":{"resultType":"matrix","result":[]}}', "instant vector"),
        (
            200,
            b'{"status":"success","data":{"resultType":"vector","result":[{"value":1}]}}',
            "time",
        ),
    ],
)
def test_errors_are_one_line(
    server: Callable[[Reply], str], status: int, body: bytes, message: str
) -> None:
    url = server(answer(status, body))
    with pytest.raises(PrometheusError, match=message) as caught:
        Client(url).query("up")
    assert "\n" not in str(caught.value)


def test_no_proxy_from_the_environment_unless_asked(
    server: Callable[[Reply], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ok = b'{"status":"success","data":{"resultType":"scalar","result":[1,"1"]}}'
    url = server(answer(200, ok))
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("no_proxy", "")
    assert Client(url).query("1")[0].value == 1.0
    with pytest.raises(PrometheusError, match="unreachable"):
        Client(url, proxies_from_env=True).query("1")
