#!/bin/sh
# Writes a manifest (the format BinaryManifest checks) for test binaries. Usage, from the directory
# the paths are relative to; SRCS is a comma-separated list of the source and headers of BIN:
#   simple-manifest.sh BINDIR "how they are built" BIN=SRCS [BIN=SRCS ...] > BINDIR/MANIFEST.sha256
set -eu
bindir=$1
compiler=$2
shift 2
echo "# vexmem test guest manifest (paths relative to this manifest's base directory)"
echo "# compiler: $(arm-linux-gnueabihf-gcc --version | head -n 1)"
echo "# build: $compiler"
for pair in "$@"; do
	bin=${pair%%=*}
	src=${pair#*=}
	echo "# binary: $bindir/$bin"
	sha256sum "$bindir/$bin"
	for s in $(echo "$src" | tr ',' ' '); do
		sha256sum "$s"
	done
done
