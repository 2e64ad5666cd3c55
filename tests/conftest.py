"""Suite-level tests: they run in the same database as the addons' tests (see ./fsm test)."""
