#!/bin/sh
# Regenerates lxc-bindings/src/main/java/org/lxcri4j/lxc/bindings from the installed liblxc headers.
# Needs jextract (JDK 22+ builds) on PATH. After regenerating, run the suite: LayoutVerificationTest
# compares every struct layout with what gcc computes from the same headers.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec jextract \
  --output "$here/../src/main/java" \
  --target-package org.lxcri4j.lxc.bindings \
  --header-class-name lxc_h \
  --library :liblxc.so.1 \
  -I /usr/include \
  @"$here/includes.txt" \
  "$here/lxc.h"
