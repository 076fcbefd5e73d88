#!/bin/sh
# libbareme.so exports exactly the functions bareme.h declares: no C++ symbol of the phases leaks.
# Usage: exported_symbols.sh LIBBAREME.so bareme.h [NOT_YET]: NOT_YET names a declared function
# not implemented yet (bareme_missing until compiler/partial lands).
set -eu
lib=$1 header=$2 not_yet=${3:-}
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort -u)
declared=$(grep -o 'bareme_[a-z_]*(' "$header" | tr -d '(' | grep -vx "${not_yet:-none}" | sort -u)
# Global symbols only (upper-case types): the version script demotes the libstdc++ unique objects
# it cannot drop from .dynsym to local (lower-case `d`, `r`), which no other object can bind to.
others=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[B-Z]$/ { sub(/@.*/, "", $3); print $3 }' | grep -v '^bareme_' || true)
if [ -n "$others" ]; then
  echo "symbols exported beside the C ABI:"; echo "$others" | head -20; exit 1
fi
if [ "$exported" != "$declared" ]; then
  echo "exported and declared functions differ:"
  echo "$exported" > /tmp/exported.$$; echo "$declared" > /tmp/declared.$$
  diff /tmp/declared.$$ /tmp/exported.$$ || true; rm -f /tmp/exported.$$ /tmp/declared.$$
  exit 1
fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
case "$soname" in libbareme.so.[0-9]*) ;; *) echo "soname is '$soname', not libbareme.so.N"; exit 1 ;; esac
echo "$(echo "$exported" | wc -l) functions exported, soname $soname"
