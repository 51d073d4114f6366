"""Dashboard users: the people who sign in to a merchant's dashboard, owners and staff."""
