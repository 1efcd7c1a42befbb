# The two entry points the README names. Everything they need is installed on first use.
.PHONY: run test

run:
	scripts/run.sh

test:
	scripts/test.sh
