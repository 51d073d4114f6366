"""The promoter portal's signed links and its redeem form."""

import re


def portal_link(client, merchant, promoter_id: str):
    return client.post(f"/v1/promoters/{promoter_id}/portal_sessions",
                       headers=merchant.headers())


def path_of(url: str) -> str:
    return url[url.index("/portal/"):]


def form_key_of(client, path: str) -> str:
    """The one-time key the portal's redeem form carries."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="form_key" value="([^"]+)"', page).group(1)
