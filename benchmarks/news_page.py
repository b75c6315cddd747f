"""Real article texts from the shared datasets, and a realistic news page around each one.

The article texts are read at run time from ``../shared/datasets`` (FNC-1 bodies,
PolNeAR articles) and never copied into the repository. The page template is
ours: it imitates what a news site serves (head full of meta tags, JSON-LD,
inline CSS and app state, a navigation bar, a cookie banner, a sidebar, a
footer, scripts) so that a page weighs 30-80 KB like a real one, of which the
article is only a small part.

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

_SECTIONS = ("World", "US", "Politics", "Business", "Tech", "Science", "Health", "Sport", "Culture", "Opinion",
             "Climate", "Travel", "Style", "Food", "Books", "Media", "Education", "Investigations", "Video",
             "Podcasts", "Newsletters", "Weather", "Obituaries", "Photos", "Markets", "Elections", "Africa",
             "Asia", "Europe", "Middle East")
_FOOTER = ("About us", "Contact", "Careers", "Advertise", "Terms of use", "Privacy policy", "Cookie settings",
           "Accessibility", "Corrections", "Editorial standards", "Newsletters", "RSS feeds", "Archive",
           "Site map", "Help centre", "Subscribe", "Gift subscriptions", "Licensing", "Press office", "Apps")
_PUBLISHERS = {  # PolNeAR publisher codes -> (site name, host)
    "breitbart": ("Breitbart", "www.breitbart.com"), "huff-post": ("HuffPost", "www.huffpost.com"),
    "nyt": ("The New York Times", "www.nytimes.com"), "politico": ("Politico", "www.politico.com"),
    "wash-post": ("The Washington Post", "www.washingtonpost.com"),
    "west-journal": ("Western Journal", "www.westernjournal.com"), "usa-today": ("USA Today", "www.usatoday.com"),
}
# FNC-1 bodies carry no outlet or date: invented outlets, dates in the span the Emergent claims cover.
_FNC_OUTLETS = (("The Morning Ledger", "www.morningledger.example"), ("Daily Courier", "www.dailycourier.example"),
                ("Northern Star", "news.northernstar.example"), ("The Evening Post", "www.eveningpost.example"))


@dataclass(frozen=True)
class Article:
    """One real article text with the metadata its page will carry."""

    key: str
    title: str
    body: str
    outlet: str
    host: str
    published: date
    author: str | None
    dataset: str

    @property
    def words(self) -> int:
        return len(self.title.split()) + len(self.body.split())


def load_articles(datasets: Path, min_words: int = 50) -> list[Article]:
    """Every usable article of FNC-1 and PolNeAR, deduplicated by body, in a stable order."""
    found = _fnc1(datasets / "fnc1") + _polnear(datasets / "polnear")
    seen: set[str] = set()
    out = []
    for article in found:
        digest = hashlib.sha1(" ".join(article.body.split()).encode()).hexdigest()
        if digest in seen or len(article.body.split()) < min_words:
            continue
        seen.add(digest)
        out.append(article)
    return out


def sample(articles: list[Article], n: int, seed: int) -> list[Article]:
    if n > len(articles):
        raise SystemExit(f"only {len(articles)} distinct real articles are available; use --n {len(articles)} "
                         "or fewer")
    return random.Random(seed).sample(articles, n)


def plain_text(article: Article) -> str:
    """The plain-text file: the title, a blank line, the body."""
    return f"{article.title}\n\n{article.body.strip()}\n"


def news_page(article: Article, index: int, related: list[Article], seed: int) -> str:
    """A full news page (30-80 KB) whose main content is ``article``."""
    rng = random.Random(f"{seed}:{index}")
    target = rng.randint(30_000, 80_000)
    section = rng.choice(_SECTIONS[:12])
    slug = _slug(article.title)
    url = f"https://{article.host}/{article.published:%Y/%m/%d}/{section.lower()}/{slug}"
    paragraphs = _paragraphs(article.body)
    head = _head(article, url, section, rng)
    body = "".join([
        _cookie_banner(), _header(article, rng), _breadcrumb(article, section),
        '<div class="layout"><main id="main" class="content">',
        _article(article, paragraphs, related[:3], section, rng),
        "</main>", _sidebar(article, related, rng), "</div>", _footer(article, rng), _scripts(article, rng),
    ])
    fixed = len(head) + len(body) + 200
    state = _app_state(article, url, section, related, rng, max(0, target - fixed))
    return (f'<!DOCTYPE html>\n<html lang="en" class="no-js">\n<head>\n{head}\n{state}\n</head>\n'
            f'<body class="article-page section-{section.lower()}">\n{body}\n</body>\n</html>\n')


def _fnc1(folder: Path) -> list[Article]:
    headlines: dict[str, str] = {}
    with open(folder / "train_stances.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Stance"] in ("agree", "discuss"):
                headlines.setdefault(row["Body ID"], row["Headline"])
    out = []
    with open(folder / "train_bodies.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            body_id, body = row["Body ID"], row["articleBody"]
            title = headlines.get(body_id) or _first_sentence(body)
            rng = random.Random(f"fnc1:{body_id}")
            outlet, host = rng.choice(_FNC_OUTLETS)
            published = date(2014, 9, 1) + timedelta(days=rng.randrange(270))
            out.append(Article(f"fnc1-{body_id}", title, body, outlet, host, published, None, "fnc1"))
    return out


def _polnear(folder: Path) -> list[Article]:
    texts = {path.stem: path for path in sorted(folder.glob("*/text/*.txt"))}
    out = []
    with open(folder / "metadata.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = texts.get(row["filename"])
            if path is None or row["publisher"] not in _PUBLISHERS:
                continue
            text = path.read_text(encoding="utf-8").strip()
            title = row["title"].strip()
            body = text[len(title):].lstrip() if title and text.startswith(title) else text
            outlet, host = _PUBLISHERS[row["publisher"]]
            author = row["author"] if row["author"] not in ("", "None") else None
            out.append(Article(f"polnear-{row['filename']}", title or _first_sentence(body), body, outlet, host,
                               date.fromisoformat(row["publication_date"]), author, "polnear"))
    return out


def _first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return " ".join(sentence.split()[:16])


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80] or "story"


def _paragraphs(body: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
    return parts or [body.strip()]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _head(article: Article, url: str, section: str, rng: random.Random) -> str:
    when = f"{article.published.isoformat()}T{rng.randrange(6, 22):02d}:{rng.randrange(60):02d}:00Z"
    description = " ".join(article.body.split()[:30])
    image = f"https://static.{article.host.split('.', 1)[1]}/images/{rng.getrandbits(48):012x}/1200x630.jpg"
    author = article.author or f"{article.outlet} staff"
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "description": description, "datePublished": when, "dateModified": when, "articleSection": section,
        "image": [image], "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": [{"@type": "Person", "name": author}],
        "publisher": {"@type": "Organization", "name": article.outlet,
                      "logo": {"@type": "ImageObject", "url": f"https://{article.host}/logo-600x60.png"}},
        "isAccessibleForFree": True,
    }
    metas = [
        '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(article.title)} | {_e(article.outlet)}</title>",
        f'<meta name="description" content="{_e(description)}">', f'<link rel="canonical" href="{url}">',
        f'<meta property="og:title" content="{_e(article.title)}">', '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{url}">', f'<meta property="og:image" content="{image}">',
        f'<meta property="og:site_name" content="{_e(article.outlet)}">',
        f'<meta property="og:description" content="{_e(description)}">',
        f'<meta property="article:published_time" content="{when}">',
        f'<meta property="article:modified_time" content="{when}">',
        f'<meta property="article:section" content="{section}">',
        f'<meta property="article:author" content="{_e(author)}">', f'<meta name="author" content="{_e(author)}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{_e(article.title)}">',
        '<meta name="robots" content="max-image-preview:large">',
        f'<link rel="preconnect" href="https://static.{article.host.split(".", 1)[1]}">',
        f'<link rel="stylesheet" href="https://{article.host}/assets/main.{rng.getrandbits(32):08x}.css">',
        f'<link rel="icon" href="https://{article.host}/favicon.ico">',
        f'<link rel="alternate" type="application/rss+xml" href="https://{article.host}/{section.lower()}/rss">',
        f'<script type="application/ld+json">{json.dumps(ld)}</script>',
        f"<style>{_css(rng)}</style>",
        "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
        "var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;"
        "j.src='https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);"
        f"}})(window,document,'script','dataLayer','GTM-{rng.getrandbits(24):06X}');</script>",
    ]
    return "\n".join(metas)


def _css(rng: random.Random) -> str:
    rules = []
    for index in range(rng.randint(90, 160)):
        name = f".c-{rng.choice(('card', 'nav', 'btn', 'grid', 'promo', 'ad', 'teaser', 'hero'))}-{index}"
        rules.append(f"{name}{{margin:{rng.randrange(24)}px {rng.randrange(24)}px;padding:{rng.randrange(16)}px;"
                     f"color:#{rng.getrandbits(24):06x};font:{rng.choice((400, 500, 700))} "
                     f"{rng.randrange(12, 32)}px/1.4 Georgia,serif;display:{rng.choice(('flex', 'block', 'grid'))}}}")
    return "".join(rules)


def _cookie_banner() -> str:
    return ('<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookie consent">'
            "<p>We and our partners use cookies and similar technologies to store and access information on your "
            "device, to personalise content and ads, to provide social media features and to analyse our traffic. "
            'You can change your choices at any time in <a href="/cookie-settings">Cookie settings</a>.</p>'
            '<button class="btn accept">Accept all</button><button class="btn reject">Reject all</button>'
            '<button class="btn manage">Manage preferences</button></div>')


def _header(article: Article, rng: random.Random) -> str:
    links = "".join(f'<li class="nav-item"><a class="nav-link" href="/{s.lower().replace(" ", "-")}" '
                    f'data-track="nav|{s.lower()}">{s}</a></li>' for s in _SECTIONS)
    return (f'<header class="site-header"><a class="skip" href="#main">Skip to content</a>'
            f'<a class="logo" href="/"><img src="/logo.svg" alt="{_e(article.outlet)}" width="180" height="32"></a>'
            f'<nav class="primary-nav" aria-label="Sections"><ul>{links}</ul></nav>'
            '<form class="search" action="/search"><input type="search" name="q" placeholder="Search">'
            '<button>Search</button></form><a class="btn subscribe" href="/subscribe">Subscribe</a>'
            '<a class="btn login" href="/login">Log in</a></header>')


def _breadcrumb(article: Article, section: str) -> str:
    return (f'<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/{section.lower()}">{section}</a>'
            f"</li></ol>")


def _article(article: Article, paragraphs: list[str], more: list[Article], section: str, rng) -> str:
    when = article.published
    byline = f"By {_e(article.author)}" if article.author else f"{_e(article.outlet)} staff"
    share = "".join(f'<li><a href="https://{s}.example/share?u=1" class="share-{s}">{s.title()}</a></li>'
                    for s in ("facebook", "twitter", "linkedin", "whatsapp", "email"))
    parts = [f'<article class="story" itemscope itemtype="https://schema.org/NewsArticle">',
             f'<header class="story-header"><span class="kicker">{section}</span>',
             f'<h1 class="headline" itemprop="headline">{_e(article.title)}</h1>',
             f'<div class="byline"><span class="author" itemprop="author">{byline}</span> '
             f'<time datetime="{when.isoformat()}" itemprop="datePublished">{when:%B} {when.day}, {when:%Y}</time>'
             f'</div><ul class="share">{share}</ul></header>',
             f'<figure class="lead-image"><img src="/img/{rng.getrandbits(40):010x}.jpg" alt="" width="1200" '
             f'height="675" loading="eager"><figcaption>File photo. (Photo: Agency)</figcaption></figure>',
             '<div class="story-body" itemprop="articleBody">']
    for number, paragraph in enumerate(paragraphs, start=1):
        parts.append(f"<p>{_e(paragraph)}</p>")
        if number == 3 and more:
            items = "".join(f'<li><a href="/{_slug(a.title)}">{_e(a.title)}</a></li>' for a in more)
            parts.append(f'<aside class="read-more"><h2>Read more</h2><ul>{items}</ul></aside>')
        if number % 5 == 0:
            parts.append(f'<div class="ad-slot" id="ad-inline-{number}" data-ad-unit="/{rng.getrandbits(20)}/'
                         f'article/inline" aria-hidden="true"></div>')
    tags = "".join(f'<li><a href="/topic/{t}">{t.title()}</a></li>' for t in rng.sample(
        ["politics", "world", "crime", "courts", "economy", "health", "media", "security", "science"], 4))
    parts.append(f'</div><footer class="story-footer"><ul class="tags">{tags}</ul>'
                 '<div class="newsletter"><h2>Get the morning briefing</h2><form action="/newsletter">'
                 '<input type="email" name="email" placeholder="Your email"><button>Sign up</button></form>'
                 "</div></footer></article>")
    return "".join(parts)


def _sidebar(article: Article, related: list[Article], rng: random.Random) -> str:
    most_read = "".join(f'<li><a href="/{_slug(a.title)}" data-track="most-read|{i}">{_e(a.title)}</a></li>'
                        for i, a in enumerate(related[:10], start=1))
    cards = "".join(f'<li class="card"><a href="/{_slug(a.title)}"><img src="/img/{rng.getrandbits(40):010x}'
                    f'_320.jpg" alt="" width="320" height="180" loading="lazy"><span class="card-title">'
                    f"{_e(a.title)}</span></a></li>" for a in related[10:16])
    return (f'<aside class="sidebar"><section class="most-read"><h2>Most read</h2><ol>{most_read}</ol></section>'
            f'<div class="ad-slot" id="ad-sidebar" data-ad-unit="/sidebar/mpu"></div>'
            f'<section class="related"><h2>Related</h2><ul>{cards}</ul></section></aside>')


def _footer(article: Article, rng: random.Random) -> str:
    links = "".join(f'<li><a href="/{t.lower().replace(" ", "-")}">{t}</a></li>' for t in _FOOTER)
    social = "".join(f'<a href="https://{s}.example/{_slug(article.outlet)}" rel="noopener">{s.title()}</a>'
                     for s in ("facebook", "twitter", "instagram", "youtube"))
    return (f'<footer class="site-footer"><ul class="footer-links">{links}</ul><div class="social">{social}</div>'
            f"<p class=\"copyright\">&copy; {article.published.year} {_e(article.outlet)}. All rights reserved."
            "</p></footer>")


def _scripts(article: Article, rng: random.Random) -> str:
    return "".join([
        f'<script src="https://{article.host}/assets/vendor.{rng.getrandbits(32):08x}.js" defer></script>',
        f'<script src="https://{article.host}/assets/app.{rng.getrandbits(32):08x}.js" defer></script>',
        '<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>',
        "<script>window.dataLayer=window.dataLayer||[];dataLayer.push({event:'pageview',contentType:'article',"
        f"wordCount:{article.words}}});document.documentElement.className='js';</script>",
    ])


def _app_state(article: Article, url: str, section: str, related: list[Article], rng: random.Random,
               budget: int) -> str:
    """Inline app state (what single-page news sites embed), sized to bring the page to its target weight."""
    state: dict = {"page": {"url": url, "section": section, "type": "article", "id": rng.getrandbits(40)},
                   "features": {f"flag_{i}": rng.random() < 0.5 for i in range(40)},
                   "nav": [{"label": s, "href": f"/{s.lower()}"} for s in _SECTIONS],
                   "recommendations": [], "adSlots": []}
    size = len(json.dumps(state))
    index = 0
    while size < budget:
        other = related[index % len(related)] if related else article
        item = {"id": rng.getrandbits(40), "headline": other.title, "url": f"/{_slug(other.title)}",
                "image": {"src": f"/img/{rng.getrandbits(40):010x}.jpg", "w": 640, "h": 360},
                "tracking": {"slot": index, "algo": rng.choice(("cf", "trending", "editorial"))}}
        ad = {"unit": f"/{rng.getrandbits(20)}/article/slot-{index}", "sizes": [[300, 250], [728, 90]],
              "targeting": {"section": section.lower(), "pos": index, "kw": rng.sample(_SECTIONS, 3)}}
        state["recommendations"].append(item)
        state["adSlots"].append(ad)
        size += len(json.dumps(item)) + len(json.dumps(ad)) + 2
        index += 1
    return f"<script>window.__APP_STATE__={json.dumps(state)};</script>"
