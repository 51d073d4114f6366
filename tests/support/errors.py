"""The error object every refusal answers with."""


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"type", "code", "message", "param"}, body
    assert body["error"]["message"]
    return body["error"]
