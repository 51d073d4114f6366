"""Journey analytics: stage counts, trends, closed days rolled up once, visitor sketches."""
