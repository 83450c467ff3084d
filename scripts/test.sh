#!/usr/bin/env bash
# Runs Vigil's whole test suite: builds the solution and runs every test project.
# Installs what the tests need from Debian's packages when it is missing. Under CI=true a dependency that cannot be
# installed is a failure, never a silent skip.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need, as "command:package" pairs. The engine's tests need only the .NET SDK; the
# service's tests add PostgreSQL, Redis, Chromium and promtool here as they arrive.
needed=(chromium:chromium promtool:prometheus)

missing=()
for entry in "${needed[@]}"; do
    command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing test dependencies: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    if ! { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${missing[@]}"; }; then
        echo "error: could not install ${missing[*]}" >&2
        exit 1
    fi
fi

dotnet test Vigil.sln -c Release --logger "console;verbosity=minimal" "$@"
