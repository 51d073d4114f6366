"""The throwaway-domain list: the maintained package's, changed by the operator's own file."""

from referrals.signups.emails import is_disposable, load_disposable_domains


def test_the_maintained_list_knows_the_well_known_throwaway_providers():
    domains = load_disposable_domains()
    assert len(domains) > 1000  # the community list, not a handful typed in by hand
    for address in ("x@mailinator.com", "x@yopmail.com", "x@guerrillamail.com",
                    "x@10minutemail.com", "x@eu.mailinator.com"):
        assert is_disposable(address, domains), address
    for address in ("ana@gmail.com", "ben@outlook.com", "cy@acme.example", "dee@mit.edu"):
        assert not is_disposable(address, domains), address


def test_the_operator_file_adds_and_removes_domains(tmp_path):
    overrides = tmp_path / "throwaway.txt"
    overrides.write_text("# ours\nburner.example\n!Mailinator.com  # a customer really uses it\n\n")
    domains = load_disposable_domains(overrides)
    assert is_disposable("x@burner.example", domains)
    assert is_disposable("x@mail.burner.example", domains)
    assert not is_disposable("x@mailinator.com", domains)
    assert is_disposable("x@yopmail.com", domains)
