"""The double-entry books: accounts, postings, reward lots, statements and the journal."""
