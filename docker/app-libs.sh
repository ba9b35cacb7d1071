#!/usr/bin/env bash
# docker/app-libs.sh TARGET DEST: lays out one image's /app/lib. Copies the deployable TARGET's jar
# (streams-app, trainer or producer) and its runtime classpath (TARGET/target/classpath.txt, written by
# `./mvnw package`) flat into DEST, and prints the number of jars and their size. Used by the Dockerfile's
# build stage, by deploy-tests' ImageContentsIT (which then runs the image's entry point from DEST) and by
# reliability-tests' AppProcess; anyone can run it to see what an image holds.
# Fails if two jars share a file name (one would silently replace the other).
set -euo pipefail
usage="usage: docker/app-libs.sh streams-app|trainer|producer DEST"
target=${1:?$usage}
dest=${2:?$usage}
case "$target" in
  streams-app | trainer | producer) ;;
  *) echo "app-libs: '$target' is not a deployable; $usage" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
classpath="$root/$target/target/classpath.txt"
[ -f "$classpath" ] || { echo "app-libs: $classpath is missing; run ./mvnw -DskipTests package first" >&2; exit 1; }

# the module's own jar, not its test, sources or javadoc jars
own=()
for jar in "$root/$target/target/$target"-*.jar; do
  case "$jar" in *-tests.jar | *-sources.jar | *-javadoc.jar) continue ;; esac
  [ -f "$jar" ] && own+=("$jar")
done
[ "${#own[@]}" -eq 1 ] || { echo "app-libs: expected one $target jar in $root/$target/target, found ${#own[@]}" >&2; exit 1; }

jars=("${own[@]}")
IFS=":" read -r -a deps < "$classpath" || true  # no newline at the end of the file
jars+=("${deps[@]}")
duplicates=$(printf '%s\n' "${jars[@]}" | xargs -n1 basename | sort | uniq -d)
if [ -n "$duplicates" ]; then
  echo "app-libs: jars with the same file name: $duplicates" >&2
  exit 1
fi
mkdir -p "$dest"
cp "${jars[@]}" "$dest/"
echo "app-libs: $target: ${#jars[@]} jars, $(du -sh "$dest" | cut -f1) in $dest"
