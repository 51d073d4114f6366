"""The `goodword` admin commands a merchant runs on day one."""

import re


def keys_in(output: str) -> dict[str, str]:
    return {match[:2]: match for match in re.findall(r"\b(?:sk|pk)_test_\w{32}\b", output)}


def test_create_merchant_prints_working_keys_once(app, client):
    result = app.test_cli_runner().invoke(
        args=["create-merchant", "--name", "Bolt Bikes", "--shop-url", "https://bolt.example/"]
    )
    assert result.exit_code == 0, result.output
    keys = keys_in(result.output)
    merchant = client.get("/v1/merchant", headers={"Authorization": f"Bearer {keys['sk']}"})
    assert merchant.get_json()["allowed_domains"] == ["bolt.example"]
    listed = app.test_cli_runner().invoke(args=["list-keys", merchant.get_json()["id"]])
    assert keys["sk"] not in listed.output and keys["sk"][-4:] in listed.output


def test_create_merchant_refuses_bad_settings_and_writes_nothing(app, client):
    result = app.test_cli_runner().invoke(
        args=["create-merchant", "--name", "Bad", "--shop-url", "https://bad.example/",
              "--domain", "other.example"]
    )
    assert result.exit_code != 0
    assert "allowed_domains" in result.output or "not in" in result.output
    assert keys_in(result.output) == {}


def test_roll_and_revoke_from_the_command_line(app, client, merchant):
    runner = app.test_cli_runner()
    rolled = runner.invoke(args=["roll-key", merchant.secret_key_id])
    assert rolled.exit_code == 0, rolled.output
    new_secret = keys_in(rolled.output)["sk"]
    assert client.get("/v1/merchant", headers=merchant.headers()).status_code == 401
    new_headers = {"Authorization": f"Bearer {new_secret}"}
    assert client.get("/v1/merchant", headers=new_headers).status_code == 200
    new_id = re.search(r"\((key_\w+)\)", rolled.output).group(1)
    assert runner.invoke(args=["revoke-key", new_id]).exit_code == 0
    assert client.get("/v1/merchant", headers=new_headers).status_code == 401
    assert runner.invoke(args=["revoke-key", "key_missing"]).exit_code != 0


def test_seed_demo_twice_rolls_the_demo_keys(app, client):
    runner = app.test_cli_runner()
    first = keys_in(runner.invoke(args=["seed-demo"]).output)
    second = keys_in(runner.invoke(args=["seed-demo"]).output)
    assert client.get("/v1/merchant", headers={"Authorization": f"Bearer {first['sk']}"}
                      ).status_code == 401
    body = client.get("/v1/merchant", headers={"Authorization": f"Bearer {second['sk']}"}
                      ).get_json()
    assert body["name"] == "Demo Shop"
