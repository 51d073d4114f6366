"""The promoter portal: signed links that show one promoter their balance, history and rewards."""
