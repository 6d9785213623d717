#!/usr/bin/env bash
# Records the JVM's ahead-of-time cache for the licex launcher (JDK 25+, JEP 483/514): a short
# command run once while the JVM notes the classes it loads and links, so that later commands map
# them instead of loading them again (docs/performance.md: `licex licenses` in 0.8 s instead of 1.2 s).
# Then checks that the JVM accepts the cache for the jar and that the launcher runs a command with
# it silently. Called by Maven at package time with the build's java, the jar and the target folder.
set -euo pipefail
java="$1" jar="$2" target="$3"
cache="$target/licex.aot"
training="$target/aot-training"
launcher="$(cd "$(dirname "$0")/../../.." && pwd)/licex"

rm -rf "$cache" "$training"
if ! "$java" -XX:+UseSerialGC -XX:AOTCacheOutput="$cache" -jar "$jar" licenses --store "$training" \
    > "$target/aot-training.log" 2>&1; then
  echo "Recording the AOT cache failed; see $target/aot-training.log" >&2
  exit 1
fi
if ! "$java" -XX:+UseSerialGC -XX:AOTMode=on -XX:AOTCache="$cache" -jar "$jar" --version > /dev/null; then
  echo "The JVM refused the AOT cache it has just recorded ($cache)" >&2
  exit 1
fi
errors="$(JAVA_HOME="$(dirname "$(dirname "$java")")" "$launcher" licenses --store "$training" 2>&1 > /dev/null)"
if [ -n "$errors" ]; then
  echo "The launcher printed errors running a command with the AOT cache:" >&2
  echo "$errors" >&2
  exit 1
fi
