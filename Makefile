# The ONEX Runtime Host. `make test` is the whole suite, exactly as CI runs it.
.PHONY: test build clean

test:
	./scripts/mvn verify

build:
	./scripts/mvn -Dmaven.test.skip=true package

clean:
	./scripts/mvn -q clean
