"""A small school website served on 127.0.0.1 (http.server in a thread), with defaced variants.

Many sites can share one server: each lives under /s/<n>/. `FixtureSites.deface(n, variant)`
switches one site to a defaced variant; `restore(n)` switches it back.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGES = {
    "": ("Trang chủ", "<p>Chào mừng quý phụ huynh và học sinh đến với website của nhà trường.</p>"
                      "<p>Năm học 2025–2026, nhà trường tiếp tục đổi mới phương pháp dạy học.</p>"),
    "gioi-thieu/": ("Giới thiệu", "<p>Trường THCS Bến Thủy được thành lập năm 1965.</p>"
                                  "<p>Nhà trường có 24 lớp với hơn 900 học sinh.</p>"),
    "tin-tuc/": ("Tin tức", "<h2>Lễ khai giảng năm học mới</h2><p>Sáng 5/9, nhà trường tổ chức lễ khai giảng.</p>"
                            "<h2>Hội thi giáo viên dạy giỏi</h2><p>Mười hai thầy cô tham gia hội thi cấp trường.</p>"),
    "lien-he/": ("Liên hệ", "<p>Địa chỉ: số 1 đường Bến Thủy. Điện thoại văn phòng: 0238 3855 000.</p>"),
}

GAMBLING_HIDDEN = ('<div style="position:absolute;left:-9999px;top:-9999px">'
                   '<a href="https://nha-cai-uy-tin.example/">nhà cái uy tín, cá cược bóng đá, nổ hũ đổi thưởng</a>'
                   '</div>')
VARIANTS = {
    # a hidden gambling link in the footer of the home page, off-screen by inline style
    "hidden_gambling": ("", "footer", GAMBLING_HIDDEN),
    # a link hidden by a class of an injected <style> block
    "css_hidden": ("", "footer", '<style>.seo-lk{display:none}</style><div class="seo-lk">'
                                 '<a href="https://casino-online.example/">casino online uy tín nạp rút nhanh</a></div>'),
    "foreign_script": ("", "footer", '<script src="https://cdn-evil.example/x.js"></script>'),
    "iframe": ("", "footer", '<iframe src="https://ads.example/frame" width="1" height="1"></iframe>'),
    "gambling_text": ("tin-tuc/", "main", "<p>Tải game bài đổi thưởng uy tín nhất 2025, nạp tiền nhận thưởng.</p>"),
    "school_news": ("tin-tuc/", "main", "<h2>Học sinh đạt giải học sinh giỏi</h2>"
                                        "<p>Em Nguyễn Văn An lớp 9A đạt giải nhì môn Toán cấp tỉnh.</p>"),
    "outbound_link": ("lien-he/", "main", '<p><a href="https://moet.gov.vn/">Bộ Giáo dục và Đào tạo</a></p>'),
    # a new page, linked from the home page, selling gambling ('/s/n/khuyen-mai/')
    "new_page": ("", "main", '<p><a href="khuyen-mai/">Khuyến mãi</a></p>'),
    "lookalike_link": ("lien-he/", "main", '<p><a href="https://thcsbenthuy.vn.com/dang-ky">Đăng ký tuyển sinh</a></p>'),
}


def padding(kb: int) -> str:
    """Ordinary article paragraphs, so the benchmark can serve pages of a realistic size."""
    line = ("<p>Thực hiện kế hoạch năm học, nhà trường tổ chức các hoạt động ngoại khóa, câu lạc bộ "
            "và sinh hoạt chuyên đề về an toàn trên không gian mạng cho học sinh các khối lớp.</p>")
    return "".join(f'<div class="muc-{i}">{line}</div>' for i in range(kb * 1024 // (len(line.encode()) + 22)))


def render(prefix: str, page: str, variant: str | None, pad_kb: int = 0) -> str:
    title, body = PAGES[page]
    footer, extra_main = "", ""
    if variant in VARIANTS and VARIANTS[variant][0] == page:
        _, place, html = VARIANTS[variant]
        if place == "footer":
            footer = html
        else:
            extra_main = html
    nav = "".join(f'<li><a href="{prefix}{p}">{PAGES[p][0]}</a></li>' for p in PAGES)
    return (
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
        f"<title>{title} – Trường THCS Bến Thủy</title>"
        "<style>.menu-mobile{display:none} .logo{font-weight:bold}</style>"
        f"<script src=\"{prefix}static/app.js\"></script></head><body>"
        f"<header><div class=\"logo\">Trường THCS Bến Thủy</div><nav><ul>{nav}</ul></nav>"
        f"<div class=\"menu-mobile\"><ul>{nav}</ul></div></header>"
        f"<main><h1>{title}</h1>{body}{extra_main}{padding(pad_kb)}</main>"
        "<footer><p>© Trường THCS Bến Thủy – Nghệ An</p>"
        "<p><a href=\"https://nghean.edu.vn/\">Sở Giáo dục và Đào tạo</a></p>"
        f"<p><a href=\"{prefix}files/ke-hoach.pdf\">Kế hoạch năm học (PDF)</a></p>"
        f"{footer}</footer></body></html>"
    )


def sitemap(base: str) -> str:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in PAGES)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


class FixtureSites:
    def __init__(self):
        self.variants: dict[int, str] = {}
        self.redirect: dict[int, str] = {}
        self.down: set[int] = set()
        self.slow: float = 0.0
        self.big_bytes = 0
        self.pad_kb = 0
        self.requests = 0
        self.paths: list[str] = []
        sites = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                sites.requests += 1
                status, headers, body = sites.respond(self.path)
                self.close_connection = True
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the fetcher gave up (time limit): expected in the limit tests

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, n: int = 0) -> str:
        return f"http://127.0.0.1:{self.port}/s/{n}/"

    def deface(self, n: int, variant: str) -> None:
        self.variants[n] = variant

    def restore(self, n: int) -> None:
        self.variants.pop(n, None)
        self.redirect.pop(n, None)
        self.down.discard(n)

    def respond(self, path: str) -> tuple[int, dict, bytes]:
        self.paths.append(path)
        html = {"Content-Type": "text/html; charset=utf-8", "X-Content-Type-Options": "nosniff",
                "X-Frame-Options": "SAMEORIGIN"}
        if path.startswith("/big"):
            return 200, html, b"<p>" + b"a" * self.big_bytes + b"</p>"
        if path.startswith("/slow"):
            time.sleep(self.slow)
            return 200, html, b"<p>cham</p>"
        if path.startswith("/go-away"):
            return 302, {"Location": "https://elsewhere.example/"}, b""
        if path.startswith("/go-home"):
            return 302, {"Location": "/s/0/"}, b""
        parts = path.split("/", 3)
        if len(parts) < 3 or parts[1] != "s" or not parts[2].isdigit():
            return 404, html, b"not found"
        n, page = int(parts[2]), parts[3] if len(parts) > 3 else ""
        prefix = f"/s/{n}/"
        if n in self.down:
            return 500, html, b"loi"
        if n in self.redirect and page == "":
            return 302, {"Location": self.redirect[n]}, b""
        if page == "sitemap.xml":
            return 200, {"Content-Type": "application/xml"}, sitemap(f"http://127.0.0.1:{self.port}{prefix}").encode()
        if page == "static/app.js":
            return 200, {"Content-Type": "application/javascript"}, b"console.log(1);"
        if page == "khuyen-mai/" and self.variants.get(n) == "new_page":
            body = ("<html><head><title>Khuyến mãi</title></head><body><h1>Nhà cái uy tín</h1>"
                    "<p>Cá cược bóng đá, nổ hũ đổi thưởng, nạp lần đầu tặng 100%.</p></body></html>")
            return 200, html, body.encode()
        if page not in PAGES:
            return 404, html, b"khong co"
        return 200, html, render(prefix, page, self.variants.get(n), self.pad_kb).encode()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
