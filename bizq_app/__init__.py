"""BizQ: start, run and grow an online store from one place."""
