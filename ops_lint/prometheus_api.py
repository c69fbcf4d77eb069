"""A small client for the Prometheus HTTP API's instant queries (``/api/v1/query``).

Only what ``ops-lint gate`` needs: one PromQL expression evaluated at one time, its
result read as numbers. Deliberately narrow:

- only ``http`` and ``https`` URLs (anything else is a usage error);
- a timeout on every request (10 s), and a response cap (8 MiB): a larger body is an error;
- redirects are followed only on the same scheme, host and port;
- no proxy from the environment (``HTTP_PROXY``...) unless the caller asks for one;
- every failure is one :class:`PrometheusError` with a one-line message: the server could
  not be reached, answered with an HTTP error, or returned an API error or a body that is
  not the API's JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import IO, Any, NoReturn

from ops_lint.errors import UsageError

TIMEOUT = 10.0
MAX_BYTES = 8 * 1024 * 1024


class PrometheusError(Exception):
    """Prometheus could not answer the query: unreachable, HTTP error or API error."""


@dataclass(frozen=True, slots=True)
class Sample:
    labels: dict[str, str]
    value: float  # may be NaN or infinite, as PromQL computes it


def check_url(url: str) -> str:
    """``url`` without a trailing slash; a UsageError unless it is http(s) with a host."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"not a Prometheus URL: {url!r} (expected http://HOST:PORT or https://HOST/...)"
        )
    if parts.username is not None or parts.password is not None:
        raise UsageError("the Prometheus URL takes no user or password (they would be printed)")
    if parts.query or parts.fragment:
        raise UsageError(f"the Prometheus URL takes no query or fragment: {url!r}")
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/")))


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(req.full_url):
            raise PrometheusError(
                f"{_short(req.full_url)} redirected to another host ({_short(newurl)}); "
                "not followed: give the final URL with --prometheus"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _short(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _one_line(text: str, limit: int = 300) -> str:
    return " ".join(text.split())[:limit]


class Client:
    """Instant queries against the Prometheus at ``base_url`` (checked by :func:`check_url`)."""

    def __init__(
        self, base_url: str, *, timeout: float = TIMEOUT, proxies_from_env: bool = False
    ) -> None:
        self.base_url = check_url(base_url)
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = [_SameOriginRedirects()]
        if not proxies_from_env:
            handlers.append(urllib.request.ProxyHandler({}))
        self._opener = urllib.request.build_opener(*handlers)

    def query(self, promql: str, at: dt.datetime | None = None) -> list[Sample]:
        """The result of ``promql`` evaluated at ``at`` (default: the server's now)."""
        params = {"query": promql}
        if at is not None:
            params["time"] = f"{at.timestamp():.3f}"
        url = f"{self.base_url}/api/v1/query?{urllib.parse.urlencode(params)}"
        body = self._get(url)
        return _samples(body, self.base_url)

    def _get(self, url: str) -> Any:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        where = _short(self.base_url)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            _http_error(where, exc)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PrometheusError(f"Prometheus at {where} unreachable: {reason}") from None
        if len(raw) > MAX_BYTES:
            raise PrometheusError(f"Prometheus at {where}: response over {MAX_BYTES} bytes")
        try:
            return json.loads(raw)
        except ValueError:
            raise PrometheusError(
                f"Prometheus at {where}: the answer is not JSON (is this the Prometheus URL?)"
            ) from None


def _http_error(where: str, exc: urllib.error.HTTPError) -> NoReturn:
    detail = ""
    try:
        body = json.loads(exc.read(64 * 1024))
        if isinstance(body, dict) and body.get("error"):
            detail = f": {body.get('errorType', 'error')}: {body['error']}"
    except (ValueError, OSError):
        pass
    raise PrometheusError(
        _one_line(f"Prometheus at {where} answered HTTP {exc.code} {exc.reason}{detail}")
    ) from None


def _number(value: Any, where: str) -> float:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)):
        raise PrometheusError(f'Prometheus at {where}: a value is not [time, "number"]')
    text = value[1]
    try:
        return float(text)
    except ValueError:
        raise PrometheusError(f"Prometheus at {where}: not a number: {text[:40]!r}") from None


def _samples(body: Any, base_url: str) -> list[Sample]:
    where = _short(base_url)
    if not isinstance(body, dict) or body.get("status") not in ("success", "error"):
        raise PrometheusError(f"Prometheus at {where}: not an API answer (no status)")
    if body["status"] == "error":
        message = f"{body.get('errorType', 'error')}: {body.get('error', '')}"
        raise PrometheusError(_one_line(f"Prometheus at {where} refused the query: {message}"))
    data = body.get("data")
    kind = data.get("resultType") if isinstance(data, dict) else None
    result = data.get("result") if isinstance(data, dict) else None
    if kind == "scalar":
        return [Sample({}, _number(result, where))]
    if kind != "vector" or not isinstance(result, list):
        raise PrometheusError(
            f"Prometheus at {where}: expected an instant vector, got {str(kind)[:20]}"
        )
    samples = []
    for item in result:
        if not isinstance(item, dict) or not isinstance(item.get("metric", {}), dict):
            raise PrometheusError(f"Prometheus at {where}: a result is not a sample")
        labels = {str(k): str(v) for k, v in item.get("metric", {}).items()}
        samples.append(Sample(labels, _number(item.get("value"), where)))
    return samples


def finite(samples: list[Sample]) -> list[Sample]:
    """The samples with a real number (not NaN, not infinite)."""
    return [s for s in samples if math.isfinite(s.value)]
