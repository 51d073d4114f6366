"""Privacy: a promoter's data exported (export) and the person forgotten (erasure)."""
