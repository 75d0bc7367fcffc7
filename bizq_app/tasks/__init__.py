"""The task catalog (definitions as data files) and the executors that do the work."""
