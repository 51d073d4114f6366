def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_the_merchant_reads_its_own_settings(client, merchant):
    response = client.get("/v1/merchant", headers=merchant.headers())
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == merchant.id
    assert body["object"] == "merchant"
