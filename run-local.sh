#!/usr/bin/env bash
# Starts the whole platform locally: Kafka (KRaft), a Mongo wire server with a file backend,
# the Shopify, Zettle and WooCommerce simulators, every service and the demo tenant. Options are passed on,
# e.g. ./run-local.sh --gateway-port=18080. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
args="$*"
exec ./mvnw -B -q -pl sandbox spring-boot:run -Dspring-boot.run.main-class=io.possync.sandbox.local.LocalPlatform \
  ${args:+"-Dspring-boot.run.arguments=$args"}
