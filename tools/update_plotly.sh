#!/usr/bin/env bash
# Replace the dashboard's plotly.js bundle with another release of plotly.js's official
# "basic" bundle (npm package plotly.js-basic-dist-min), licence included.
#     tools/update_plotly.sh 4.1.1
# Then set PLOTLY_VERSION in pyspeed/dashboard/assets.py and run the browser tests
# (python -m pytest tests/dashboard) and benchmarks/dashboard.py.
set -euo pipefail
version="${1:?usage: tools/update_plotly.sh VERSION}"
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js-basic-dist-min@$version" > /dev/null \
    && tar xzf plotly.js-basic-dist-min-*.tgz)
cp "$work/package/plotly-basic.min.js" pyspeed/dashboard/assets/plotly-basic.min.js
cp "$work/package/LICENSE" pyspeed/dashboard/assets/plotly-basic.LICENSE.txt
head -n 2 pyspeed/dashboard/assets/plotly-basic.min.js
