#!/bin/sh
# Fresh Debian 12, as root: installs the dependencies, builds everything, runs the demo
# (define a busybox container through the Java API, start it, attach, stop, destroy).
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
ensure_packages
select_jdk25
mvn_batch -DskipTests install
mvn_batch -q -pl lxc-bindings exec:exec
