"""What search engines read: robots.txt and the sitemap."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape


def sitemap(paths: list[str], site_url: str, lastmod: str) -> bytes:
    """sitemap.xml for every page (the sitemap protocol needs absolute addresses)."""
    base = site_url.rstrip("/") + "/"
    rows = "".join(f"<url><loc>{xml_escape(base + p)}</loc><lastmod>{lastmod}</lastmod></url>\n"
                   for p in sorted(set(paths)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n').encode("utf-8")


def robots(site_url: str) -> bytes:
    """robots.txt: everything may be crawled; the sitemap's address when there is one.

    Crawlers read robots.txt only at a host's root: a site published in a sub-folder
    (site_url "https://host/ocop/") should have its host's own robots.txt point at the sitemap.
    """
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")
