"""A resolver for one host name the tests control (no public DNS can be controlled here): it
answers for HOST from a list, a different answer each time, as a rebinding name server would."""

import socket

import pytest

HOST = "hooks.example"
PUBLIC = "93.184.216.34"


@pytest.fixture
def fake_dns(monkeypatch):
    """Answers for HOST come from `answers` in turn (the last one repeats); every other name
    resolves as usual. `asked` counts the questions about HOST."""
    real = socket.getaddrinfo

    class Resolver:
        answers: list[list[str]] = []
        asked = 0

        def getaddrinfo(self, host, port, *args, **kwargs):
            if host != HOST:
                return real(host, port, *args, **kwargs)
            answer = self.answers[min(self.asked, len(self.answers) - 1)]
            self.asked += 1
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answer]

    resolver = Resolver()
    monkeypatch.setattr(socket, "getaddrinfo", resolver.getaddrinfo)
    return resolver
