# The ONEX Runtime Host. `make test` is the whole suite, exactly as CI runs it.
.PHONY: test build clean bench bench-quick image

test:
	./scripts/mvn verify

# Every module, tests compiled but not run: the chaos suite's helpers come from onex-wiring's test
# jar, which only a build that compiles tests makes. Nothing is installed into ~/.m2.
build:
	./scripts/mvn -DskipTests package

clean:
	./scripts/mvn -q clean

# The jlink runtime image of the host (docs/OPERATIONS.md, "The runtime image"): builds what it needs
# like ./onex-host does, links image/target/onex-host with its bin/onex-host and a tarball beside it.
# Progress goes to standard error; the last line of standard output is the image's path.
# DISTRIBUTION chooses the composition linked: full (default), http-kafka or plugin
# (docs/OPERATIONS.md, "Custom distributions").
DISTRIBUTION ?= full
image:
	@timeout 2400 image/build-image.sh --distribution $(DISTRIBUTION)

# Performance: the JMH pairs and the load driver, results in perf/results/latest.json, then what
# tracing costs a host that does not trace, against the host before tracing (perf/tracing-cost.sh,
# a table on standard output) (docs/PERFORMANCE.md). `bench` takes half an hour; `bench-quick` is
# what the CI gate runs.
bench:
	perf/bench.sh --full
	perf/tracing-cost.sh

bench-quick:
	perf/bench.sh --quick --gate
