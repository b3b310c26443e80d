#!/bin/sh
# Rebuilds the end-to-end tests' ARM guest into ../resources/guest/ (committed with its source).
set -e
cd "$(dirname "$0")"
arm-linux-gnueabihf-gcc -static -O2 -Wall -Wextra -I../../../../guest-programs/include \
  -o ../resources/guest/e2e_tool e2e_tool.c
cd ..
../../../guest-programs/tools/simple-manifest.sh resources/guest "see guest-src/build.sh" \
  e2e_tool=guest-src/e2e_tool.c,../../../guest-programs/include/ion.h > resources/guest/MANIFEST.sha256.tmp
mv resources/guest/MANIFEST.sha256.tmp resources/guest/MANIFEST.sha256
