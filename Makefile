# The ONEX Runtime Host. `make test` is the whole suite, exactly as CI runs it.
.PHONY: test build clean bench bench-quick

test:
	./scripts/mvn verify

build:
	./scripts/mvn -Dmaven.test.skip=true package

clean:
	./scripts/mvn -q clean

# Performance: the JMH pairs and the load driver, results in perf/results/latest.json
# (docs/PERFORMANCE.md). `bench` takes minutes; `bench-quick` is what the CI gate runs.
bench:
	perf/bench.sh --full

bench-quick:
	perf/bench.sh --quick --gate
