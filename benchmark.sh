#!/usr/bin/env bash
# Prints the platform's performance figures on this machine (see README, "Benchmark").
# Options are passed on, e.g. ./benchmark.sh --orders-seconds=30.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
args="$*"
# Everything shares one JVM (broker, Mongo server, three simulators, load and every service); the stock
# scenario alone uses up to about 1.7 GB of heap: under a 2 GB cap, a full run's third scenario ran at the
# cap and measured p99 16.9 s, against 7.2 s with 3 GB.
# The heap is committed and touched once at start (-Xms = -Xmx, AlwaysPreTouch). A heap that grows during
# the load touches its new memory for the first time then: the kernel's page faults took a third of the
# cores for two to three seconds at a time, and every stage stalled together (stock p99 1.2-2.5 s, against
# 0.63-0.75 s with the heap touched at start).
exec ./mvnw -B -q -pl sandbox spring-boot:run -Dspring-boot.run.main-class=io.possync.sandbox.bench.Benchmark \
  -Dspring-boot.run.jvmArguments="-Xms3g -Xmx3g -XX:+AlwaysPreTouch" ${args:+"-Dspring-boot.run.arguments=$args"}
