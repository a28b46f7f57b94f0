"""A small HTTP client for scripts/prod_smoke.py: a browser behind the TLS proxy.

It keeps cookies (Secure ones too: on loopback the proxy in front would speak
https), sends the forwarded-proto, Origin and Referer headers that Django's
CSRF check expects behind a proxy, posts forms with their CSRF token (and
multipart files), and never follows redirects, so the caller sees them.
"""

import http.cookiejar
import io
import secrets
import urllib.error
import urllib.parse
import urllib.request


class SecureOnLoopback(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies to loopback: the proxy in front would speak https."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.origin = f"https://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar(policy=SecureOnLoopback())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, data=None, content_type=None):
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "id"}
        if data is not None:
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
            if content_type:
                headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")

    def get(self, path: str):
        return self.request(path)

    def post(self, path: str, fields: dict, files: dict | None = None):
        fields = {"csrfmiddlewaretoken": self.csrf_token(), **fields}
        if files:
            body, content_type = multipart(fields, files)
            return self.request(path, body, content_type)
        body = urllib.parse.urlencode(fields).encode()
        return self.request(path, body, "application/x-www-form-urlencoded")

    def csrf_token(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def log_in(self, path: str, username: str, password: str) -> int:
        self.get(path)
        status, _headers, _body = self.post(
            path, {"username": username, "password": password}
        )
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f"--{boundary}\r\n".encode())
        out.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (filename, content, mime) in files.items():
        out.write(f"--{boundary}\r\n".encode())
        out.write(
            f'Content-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"
