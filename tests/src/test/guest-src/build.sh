#!/bin/sh
# Rebuilds the end-to-end tests' ARM guest into ../resources/guest/ (committed with its source).
set -e
cd "$(dirname "$0")"
arm-linux-gnueabihf-gcc -static -O2 -Wall -Wextra -I../../../../guest-programs/include \
  -o ../resources/guest/e2e_tool e2e_tool.c
