#!/usr/bin/env bash
# Copies the launcher's jar and its runtime classpath (cli/target/classpath.txt, written by
# `./mvnw package`) flat into DEST, the image's /app/lib. Used by the Dockerfile's build stage and by
# deploy-tests' ImageContentsIT, which then runs the entry point from DEST the way the image does.
# Fails if two jars share a file name (one would silently replace the other).
set -euo pipefail
dest=${1:?usage: docker/app-libs.sh DEST}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
classpath="$root/cli/target/classpath.txt"
[ -f "$classpath" ] || { echo "app-libs: $classpath is missing; run ./mvnw -DskipTests package first" >&2; exit 1; }

jars=("$root"/cli/target/cli-*.jar)
IFS=":" read -r -a deps < "$classpath" || true  # no newline at the end of the file
jars+=("${deps[@]}")
duplicates=$(printf '%s\n' "${jars[@]}" | xargs -n1 basename | sort | uniq -d)
if [ -n "$duplicates" ]; then
  echo "app-libs: jars with the same file name: $duplicates" >&2
  exit 1
fi
mkdir -p "$dest"
cp "${jars[@]}" "$dest/"
echo "app-libs: ${#jars[@]} jars, $(du -sh "$dest" | cut -f1) in $dest"
