#!/bin/sh
# Writes the manifest of every binary to stdout (called by `make manifest`).
# Per binary: a "# binary:" comment, then "<sha256>  <path>" lines (the
# format of sha256sum) for the binary itself and for every source and header
# it was built from (dependency list from the compiler's -MM).
set -eu
echo "# vexmem guest-programs manifest (paths relative to guest-programs/)"
echo "# compiler: $($CC --version | head -n 1)"
echo "# cflags: $CFLAGS"
for p in $PLAIN $DEMOS; do
	case " $PLAIN " in
	*" $p "*) srcs="src/$p.c" ;;
	*) srcs="src/$p.c $LIBSRC" ;;
	esac
	deps=$(for s in $srcs; do $CC $CFLAGS -MM "$s"; done |
		sed -e 's/^[^:]*://' -e 's/\\$//' | tr ' ' '\n' | grep -v '^$' |
		sed -e 's|^\./||' | sort -u)
	echo "# binary: bin/$p"
	sha256sum "bin/$p"
	for d in $deps; do
		sha256sum "$d"
	done
done
