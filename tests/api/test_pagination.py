"""The list object: newest first, `limit`, `starting_after`, `ending_before`, `has_more`."""

import pytest

from tests.support.errors import error_of


def enroll(client, merchant, count: int) -> list[str]:
    return [
        client.post("/v1/promoters", json={"name": f"P{n}"}, headers=merchant.headers())
        .get_json()["id"]
        for n in range(count)
    ]


def test_pages_walk_every_object_once_newest_first(client, merchant):
    created = enroll(client, merchant, 5)
    seen, cursor = [], None
    while True:
        query = "/v1/promoters?limit=2" + (f"&starting_after={cursor}" if cursor else "")
        body = client.get(query, headers=merchant.headers()).get_json()
        assert body["object"] == "list"
        assert len(body["data"]) <= 2
        seen += [promoter["id"] for promoter in body["data"]]
        if not body["has_more"]:
            break
        cursor = body["data"][-1]["id"]
    assert seen == list(reversed(created))


def test_ending_before_walks_back_to_the_newest_page(client, merchant):
    created = list(reversed(enroll(client, merchant, 5)))  # newest first, as lists read
    seen, cursor = [], created[-1]
    while True:
        body = client.get(f"/v1/promoters?limit=2&ending_before={cursor}",
                          headers=merchant.headers()).get_json()
        assert [p["id"] for p in body["data"]] == created[created.index(cursor) - len(
            body["data"]):created.index(cursor)]
        seen = [promoter["id"] for promoter in body["data"]] + seen
        if not body["has_more"]:
            break
        cursor = body["data"][0]["id"]
    assert seen == created[:-1]


def test_both_cursors_at_once_are_refused(client, merchant):
    first, second = enroll(client, merchant, 2)
    response = client.get(f"/v1/promoters?starting_after={second}&ending_before={first}",
                          headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["param"] == "ending_before"


def test_default_page_is_ten(client, merchant):
    enroll(client, merchant, 11)
    body = client.get("/v1/promoters", headers=merchant.headers()).get_json()
    assert len(body["data"]) == 10
    assert body["has_more"] is True


@pytest.mark.parametrize(
    ("query", "param"),
    [("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"),
     ("starting_after=key_123", "starting_after"), ("ending_before=key_123", "ending_before"),
     ("colour=red", "colour")],
)
def test_bad_list_parameters_are_refused(client, merchant, query, param):
    response = client.get(f"/v1/promoters?{query}", headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["param"] == param
