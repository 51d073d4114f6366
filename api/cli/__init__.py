"""The `goodword` command line: merchant and key administration, the seed and the worker."""
