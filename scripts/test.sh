#!/bin/sh
# Runs the whole test suite, real containers included (root needed). Same prerequisites as setup.sh.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
ensure_packages
select_jdk25
mvn_batch verify "$@"
