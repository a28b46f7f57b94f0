"""The AI key-point backend against a fake OpenAI-compatible server on loopback."""

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from editorial.summaries import PROMPT_VERSION, ArticleText, SectionText, llm, suggest
from editorial.summaries.llm import LLMConfig

# Messages are compared in English; test_translations checks the Indonesian.
pytestmark = pytest.mark.usefixtures("english_messages")

ARTICLE = ArticleText(
    title="Warga Kampung Lentera Menanam Bakau di Pesisir",
    lead=(
        "<p>Seratus warga Kampung Lentera menanam 2.000 bibit bakau di pesisir "
        "utara pada Minggu pagi. Penanaman itu diharapkan menahan abrasi yang "
        "menggerus halaman rumah mereka.</p>"
    ),
    sections=(
        SectionText(
            "Bibit dari kelompok tani",
            "<p>Bibit disemai kelompok tani setempat selama enam bulan. Setiap "
            "keluarga merawat dua puluh batang sampai akarnya kuat.</p>",
        ),
    ),
    language="id",
)
SECRET_PHRASE = "menggerus halaman rumah"  # article text that must never be logged
POINTS = ["Warga menanam 2.000 bibit bakau.", "Bakau menahan abrasi di pesisir."]


def completion(content):
    """A chat-completions response body whose message says ``content``."""
    return {"choices": [{"message": {"role": "assistant", "content": content}}]}


class FakeLLM:
    """Scripted answers, in order (the last repeats), and the requests received."""

    def __init__(self):
        self.answers = []
        self.requests = []
        self.release = threading.Event()

    def answer(self, status=200, body=None, *, hang=False):
        self.answers.append((status, body, hang))


@pytest.fixture
def fake_llm(settings, monkeypatch):
    """A fake OpenAI-compatible server on 127.0.0.1, configured as the summary backend."""
    fake = FakeLLM()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            fake.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "json": json.loads(self.rfile.read(length)),
                }
            )
            index = min(len(fake.requests), len(fake.answers)) - 1
            status, body, hang = fake.answers[index]
            if hang:
                fake.release.wait(5)
                return
            payload = json.dumps(body).encode() if body is not None else b"oops"
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    settings.SUMMARY_BACKEND = "llm"
    settings.SUMMARY_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.SUMMARY_LLM_MODEL = "tiny-model"
    settings.SUMMARY_LLM_API_KEY = ""
    settings.SUMMARY_LLM_TIMEOUT = 2
    monkeypatch.setattr(llm, "RETRY_BACKOFF", (0, 0))
    fake.port = server.server_port
    yield fake
    fake.release.set()
    server.shutdown()
    server.server_close()


def test_json_schema_answer_becomes_the_points(fake_llm):
    """A ``{"points": [...]}`` answer is used as is, with the LLM's provenance."""
    fake_llm.answer(body=completion(json.dumps({"points": POINTS})))
    suggestion = suggest(ARTICLE, count=2)
    assert suggestion.points == POINTS
    assert suggestion.backend == "llm"
    assert suggestion.model == "tiny-model"
    assert suggestion.endpoint_host == f"127.0.0.1:{fake_llm.port}"
    assert suggestion.prompt_version == PROMPT_VERSION
    assert suggestion.fallback_from == "" and suggestion.error == ""
    assert suggestion.input_hash == ARTICLE.input_hash()
    assert fake_llm.requests[0]["path"] == "/v1/chat/completions"


def test_plain_list_answer_is_accepted_and_cleaned(fake_llm):
    """A fenced plain JSON list works too; numbering is stripped and punctuation added."""
    content = '```json\n["1. Warga menanam bakau", "2. Abrasi berkurang"]\n```'
    fake_llm.answer(body=completion(content))
    assert suggest(ARTICLE).points == ["Warga menanam bakau.", "Abrasi berkurang."]


def test_long_points_are_cut_to_200_characters(fake_llm):
    """Points longer than the field's limit are cut."""
    fake_llm.answer(body=completion(json.dumps({"points": ["kata " * 80, "Dua."]})))
    points = suggest(ARTICLE, count=2).points
    assert len(points[0]) <= 200


def test_timeout_falls_back_to_extractive(fake_llm, settings):
    """A server slower than SUMMARY_LLM_TIMEOUT is retried twice, then the extractive points answer."""
    settings.SUMMARY_LLM_TIMEOUT = 0.2
    fake_llm.answer(hang=True)
    suggestion = suggest(ARTICLE, count=2)
    assert suggestion.backend == "extractive"
    assert suggestion.fallback_from == "llm"
    assert suggestion.error == "The AI service did not answer in time."
    assert len(suggestion.points) == 2
    assert len(fake_llm.requests) == 3


def test_refusal_falls_back_without_retrying(fake_llm):
    """HTTP 401 is not retried and is recorded as the reason for the fallback."""
    fake_llm.answer(401, {"error": {"message": "bad key"}})
    suggestion = suggest(ARTICLE)
    assert suggestion.fallback_from == "llm"
    assert suggestion.error == "The AI service refused the request (HTTP 401)."
    assert len(fake_llm.requests) == 1


def test_server_error_is_retried(fake_llm):
    """HTTP 500 followed by a good answer gives the LLM's points after one retry."""
    fake_llm.answer(500, {"error": "busy"})
    fake_llm.answer(body=completion(json.dumps({"points": POINTS})))
    suggestion = suggest(ARTICLE, count=2)
    assert suggestion.backend == "llm"
    assert suggestion.points == POINTS
    assert len(fake_llm.requests) == 2


def test_persistent_server_error_falls_back(fake_llm):
    """Three 5xx answers in a row end in the extractive fallback."""
    fake_llm.answer(503, {"error": "down"})
    suggestion = suggest(ARTICLE)
    assert suggestion.error == "The AI service failed (HTTP 503)."
    assert len(fake_llm.requests) == 3


@pytest.mark.parametrize(
    "content",
    [
        "Here are some thoughts about the article.",
        json.dumps({"points": ["Only one."]}),
        json.dumps({"points": [1, 2, 3]}),
        json.dumps({"summary": "No list here."}),
    ],
)
def test_garbage_answer_falls_back(fake_llm, content):
    """An answer that is not 2-5 strings falls back, with a message for people."""
    fake_llm.answer(body=completion(content))
    suggestion = suggest(ARTICLE)
    assert suggestion.fallback_from == "llm"
    assert suggestion.error == (
        "The AI service answered something that is not a list of key points."
    )


def test_unreadable_response_body_falls_back(fake_llm):
    """A body that is not a chat completion at all falls back."""
    fake_llm.answer(200, None)
    assert suggest(ARTICLE).fallback_from == "llm"


@pytest.mark.parametrize(("key", "expected"), [("", None), ("s3cret", "Bearer s3cret")])
def test_authorization_header_only_with_a_key(fake_llm, settings, key, expected):
    """The Bearer header is sent only when SUMMARY_LLM_API_KEY is set."""
    settings.SUMMARY_LLM_API_KEY = key
    fake_llm.answer(body=completion(json.dumps(POINTS)))
    suggest(ARTICLE)
    assert fake_llm.requests[0]["headers"].get("Authorization") == expected


@pytest.mark.parametrize(
    ("language", "words"), [("id", "poin kunci"), ("en", "key points")]
)
def test_request_carries_model_and_language_prompt(fake_llm, language, words):
    """The body names the model, asks in the article's language and requests a JSON schema."""
    fake_llm.answer(body=completion(json.dumps(POINTS)))
    text = ArticleText(ARTICLE.title, ARTICLE.lead, ARTICLE.sections, language)
    suggest(text, count=4)
    body = fake_llm.requests[0]["json"]
    assert body["model"] == "tiny-model"
    assert body["temperature"] == 0.2
    system, user = body["messages"]
    assert system["role"] == "system" and words in system["content"]
    assert "4" in system["content"]
    assert ARTICLE.title in user["content"]
    schema = body["response_format"]
    assert schema["type"] == "json_schema"
    points = schema["json_schema"]["schema"]["properties"]["points"]
    assert points["items"] == {"type": "string"}


def test_logs_carry_no_article_text_or_key(fake_llm, settings, caplog):
    """Neither a success nor a failure logs article text or the API key."""
    settings.SUMMARY_LLM_API_KEY = "s3cret"
    fake_llm.answer(body=completion(json.dumps(POINTS)))
    with caplog.at_level(logging.DEBUG):
        suggest(ARTICLE)
        fake_llm.answers[:] = [(500, {"error": "x"}, False)]
        fake_llm.requests.clear()
        suggest(ARTICLE)
    assert "tiny-model" in caplog.text
    assert SECRET_PHRASE not in caplog.text
    assert ARTICLE.title not in caplog.text
    assert "s3cret" not in caplog.text
    assert POINTS[0] not in caplog.text


def test_unconfigured_llm_falls_back(settings):
    """Choosing the LLM without SUMMARY_LLM_URL falls back and says it is not configured."""
    settings.SUMMARY_LLM_URL = ""
    suggestion = suggest(ARTICLE, backend="llm")
    assert suggestion.fallback_from == "llm"
    assert suggestion.error == "The AI service is not configured."


def test_unreachable_server_falls_back(settings, monkeypatch):
    """A closed port is retried and then falls back."""
    monkeypatch.setattr(llm, "RETRY_BACKOFF", (0, 0))
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SUMMARY_LLM_URL = f"http://127.0.0.1:{port}/v1"
    settings.SUMMARY_LLM_MODEL = "tiny-model"
    suggestion = suggest(ARTICLE, backend="llm")
    assert suggestion.error == "The AI service could not be reached."


def test_endpoint_host_hides_credentials_and_path():
    """The recorded host has no user, password, path or query."""
    config = LLMConfig("https://user:pw@api.example.org:8443/v1?key=x", "m")
    assert config.host == "api.example.org:8443"
