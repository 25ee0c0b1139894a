#!/usr/bin/env bash
# Prints the platform's performance figures on this machine (see README, "Benchmark").
# Options are passed on, e.g. ./benchmark.sh --orders-seconds=30.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
args="$*"
exec ./mvnw -B -q -pl sandbox spring-boot:run -Dspring-boot.run.main-class=io.possync.sandbox.bench.Benchmark \
  -Dspring-boot.run.jvmArguments="-Xmx2g" ${args:+"-Dspring-boot.run.arguments=$args"}
