#!/usr/bin/env python3
"""Serves a directory for the browser tests like a careful host would: the strict Content
Security Policy as an HTTP header, `application/wasm` for .wasm and `text/javascript` for
.js/.mjs, and no caching.

    python3 tests/e2e/serve.py PORT DIRECTORY [--no-csp] [--wasm-mime TYPE]

`--wasm-mime application/octet-stream` imitates a server that lacks the wasm MIME type (the
widget still works, see docs/embedding.md). Only binds to 127.0.0.1.
"""
import argparse
import functools
import http.server

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
       "connect-src 'self'; object-src 'none'")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("directory")
    ap.add_argument("--no-csp", action="store_true")
    ap.add_argument("--wasm-mime", default="application/wasm")
    args = ap.parse_args()

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".wasm": args.wasm_mime,
            ".js": "text/javascript",
            ".mjs": "text/javascript",
            ".css": "text/css",
            ".svg": "image/svg+xml",
            ".json": "application/json",
        }

        def end_headers(self):
            if not args.no_csp:
                self.send_header("Content-Security-Policy", CSP)
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            super().end_headers()

        def log_message(self, *a):
            pass

    handler = functools.partial(Handler, directory=args.directory)
    http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler).serve_forever()


if __name__ == "__main__":
    main()
