"""Find the links a card makes (URLs, with their line, link text and surrounding words) and say what
they point to: an arXiv paper, a GitHub/GitLab repository, a Hub dataset, a Hub space, a blog post.

Pure text work; no URL is ever fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from openness.probes.cardtext import CardLine, prose_lines

LinkKind = Literal["arxiv", "code_repo", "hf_dataset", "hf_space", "hf_paper", "blog", "pdf", "other"]

_URL = re.compile(r"https?://[^\s)\"'<>\]`]+", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]{0,200})\]\(\s*(https?://[^\s)]+)")
_HTML_LINK = re.compile(r"<a\s[^>]*href=[\"'](https?://[^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE)
_IMAGE_EXT = re.compile(r"\.(png|jpe?g|gif|svg|webp)(\?.*)?$", re.IGNORECASE)

_ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE
)
_HF_PAPER_URL = re.compile(r"huggingface\.co/papers/(\d{4}\.\d{4,5})", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"doi\.org/10\.48550/arxiv\.(\d{4}\.\d{4,5})", re.IGNORECASE)
_CODE_HOST = re.compile(
    r"(?:github\.com|gitlab\.com)/([A-Za-z0-9][\w.-]*)/([A-Za-z0-9][\w.-]*)(/[^\s?#]*)?", re.IGNORECASE
)
_HF_DATASET = re.compile(r"(?:huggingface\.co|hf\.co)/datasets/([\w.-]+)/([\w.-]+)", re.IGNORECASE)
_HF_SPACE = re.compile(r"(?:huggingface\.co|hf\.co)/spaces/([\w.-]+)/([\w.-]+)", re.IGNORECASE)
_ARXIV_ID_TEXT = re.compile(r"\barxiv[:\s]*(\d{4}\.\d{4,5})", re.IGNORECASE)
_EPRINT = re.compile(r"eprint\s*=\s*[{\"]\s*(\d{4}\.\d{4,5})", re.IGNORECASE)

# GitHub paths that are site pages, not repositories.
_NOT_REPO_OWNERS = {"orgs", "sponsors", "features", "topics", "marketplace", "settings", "about", "login"}


@dataclass(frozen=True)
class Link:
    url: str
    kind: LinkKind
    line: CardLine
    text: str  # the link text when it is a markdown/HTML link, else ""
    target: str | None = None  # arXiv id, owner/name of a repo or dataset

    @property
    def context(self) -> str:
        """The words a reader sees around the link: its text and its line, lower-cased."""
        return f"{self.text} {self.line.text}".lower()


def arxiv_id(url: str) -> str | None:
    for pattern in (_ARXIV_URL, _HF_PAPER_URL, _ARXIV_DOI):
        match = pattern.search(url)
        if match:
            return match.group(1)
    return None


def code_repo(url: str) -> str | None:
    """owner/name of a GitHub or GitLab repository URL (a .git suffix removed)."""
    match = _CODE_HOST.search(url)
    if not match or match.group(1).lower() in _NOT_REPO_OWNERS:
        return None
    name = match.group(2)
    if name.endswith(".git"):
        name = name[:-4]
    return f"{match.group(1)}/{name}"


def hf_dataset(url: str) -> str | None:
    match = _HF_DATASET.search(url)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def classify(url: str) -> tuple[LinkKind, str | None]:
    aid = arxiv_id(url)
    if aid:
        return ("hf_paper" if "huggingface.co/papers" in url.lower() else "arxiv"), aid
    if "raw.githubusercontent.com" in url.lower() or "/resolve/" in url or _IMAGE_EXT.search(url):
        return "other", None
    repo = code_repo(url)
    if repo:
        return "code_repo", repo
    dataset = hf_dataset(url)
    if dataset:
        return "hf_dataset", dataset
    space = _HF_SPACE.search(url)
    if space:
        return "hf_space", f"{space.group(1)}/{space.group(2)}"
    lowered = url.lower()
    if "/blog" in lowered or "blog." in lowered or "/news/" in lowered or "medium.com" in lowered:
        return "blog", None
    if lowered.split("?")[0].endswith(".pdf"):
        return "pdf", None
    return "other", None


def _clean_url(url: str) -> str:
    return url.rstrip(".,;:!}")


def find_links(card_text: str | None, include_code: bool = False) -> list[Link]:
    """Every URL of the card body, in order, each with its line and link text."""
    if not card_text:
        return []
    links: list[Link] = []
    for line in prose_lines(card_text) if not include_code else _all_lines(card_text):
        texts: dict[str, str] = {}
        for match in _MD_LINK.finditer(line.text):
            texts.setdefault(_clean_url(match.group(2)), match.group(1))
        for match in _HTML_LINK.finditer(line.text):
            texts.setdefault(_clean_url(match.group(1)), re.sub(r"<[^>]+>", " ", match.group(2)).strip())
        seen: set[str] = set()
        for match in _URL.finditer(line.text):
            url = _clean_url(match.group(0))
            if url in seen:
                continue
            seen.add(url)
            kind, target = classify(url)
            links.append(Link(url=url, kind=kind, line=line, text=texts.get(url, ""), target=target))
    return links


def _all_lines(card_text: str) -> list[CardLine]:
    from openness.probes.cardtext import card_lines

    return list(card_lines(card_text))


def arxiv_ids_in_text(card_text: str | None) -> list[tuple[str, CardLine]]:
    """arXiv ids written as text (``arXiv:2402.00838``, ``eprint={2402.00838}``), with their line."""
    if not card_text:
        return []
    found: list[tuple[str, CardLine]] = []
    from openness.probes.cardtext import card_lines

    for line in card_lines(card_text):
        for pattern in (_ARXIV_ID_TEXT, _EPRINT):
            for match in pattern.finditer(line.text):
                found.append((match.group(1), line))
    return found
