"""The OpenAPI document is generated from the schemas, valid, public, and browsable offline."""

from openapi_spec_validator import validate


def test_openapi_document_is_valid_and_covers_the_api(client):
    response = client.get("/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/v1/merchant", "/v1/promoters", "/v1/promoters/{promoter_id}"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    share = spec["paths"]["/widget/v1/shares"]["post"]
    assert share["security"] == [{"publishableKey": []}]
    update = spec["components"]["schemas"]["MerchantUpdate"]
    assert "hold_days" in update["properties"]
    assert "id" not in update["properties"]
    error = spec["components"]["schemas"]["ErrorBody"]["properties"]
    assert set(error) == {"type", "code", "message", "param"}


def test_docs_page_loads_its_assets_from_goodword_itself(client):
    page = client.get("/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/v1/docs/assets/swagger-ui-bundle.js" in html
    assert "//cdn" not in html and "unpkg" not in html
    with client.get("/v1/docs/assets/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200
        assert len(asset.get_data()) > 100_000
