"""Dashboard fixtures: merchant users and a signed-in browser session on the test client, and the
Stripe stand-ins (started only when a test asks for them)."""

from tests.support.dashboard import owner, owner_client  # noqa: F401
from tests.support.sign_in import small_limits  # noqa: F401
from tests.support.smtp import smtp_inbox  # noqa: F401
from tests.support.stripe import _fake_stripe, fake_stripe, localstripe_url  # noqa: F401
