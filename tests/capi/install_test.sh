#!/bin/sh
# Installs the build to a temporary prefix, then builds and runs the C example against it twice:
# with pkg-config and with CMake's find_package(Bareme).
# Usage: install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -eu
build=$1 source=$2 work=$3
rm -rf "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib*/pkgconfig | head -1)
libdir=${libdir%/pkgconfig}
brief=$source/tests/check/flexitanie_brief.bareme

PKG_CONFIG_PATH=$libdir/pkgconfig
export PKG_CONFIG_PATH
cc -o "$work/with_pkg_config" "$source/examples/c/flexitanie.c" $(pkg-config --cflags --libs bareme)
LD_LIBRARY_PATH=$libdir "$work/with_pkg_config" "$brief" | grep -q "row 2: eligible, 6000.00 €"
echo "pkg-config: built and ran"

cmake -S "$source/examples/c" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake" >/dev/null
"$work/cmake/flexitanie" "$brief" | grep -q "row 2: eligible, 6000.00 €"
echo "find_package: built and ran"
ls "$libdir"/libbareme.so* | sed 's|.*/||'
